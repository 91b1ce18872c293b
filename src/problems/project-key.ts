/**
 * Which project a 项目名称 names, for following its problems week by week. Deliberately one small
 * function: the project-identity resolver (src/projects/, aliases, 一期/二期 …) takes its place when it
 * lands — trackProblems takes the function as an option (TrackOptions.projectKey), this is only the
 * default. Until then a project is its name, compared exactly after normalising: Unicode NFKC
 * (full-width letters, digits, brackets become half-width), whitespace removed, brackets of any
 * shape dropped — “华豫数据中心项目（一期）” and “华豫数据中心项目(一期)” are one project.
 */

/** The shape of a project-identity function: a name in, a key out ('' = no project). */
export type ProjectKey = (name: string) => string;

export const problemProjectKey: ProjectKey = (name) =>
  name
    .normalize('NFKC')
    .replace(/[\s\u200B\uFEFF]+/g, '')
    .replace(/[()[\]{}【】〔〕〖〗「」『』<>《》〈〉]/g, '');
