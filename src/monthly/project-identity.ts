/**
 * Which project a 项目名称 names, for counting projects in the monthly report and the year's
 * statistics. Deliberately one small function: a full project-identity resolver (aliases, 一期/二期,
 * a project register) can replace it without touching the counting code — computeStatistics takes
 * the function as an option (`StatisticsOptions.projectKey`), and this is only the default.
 */

/**
 * The comparison key of a project name: Unicode NFKC (full-width letters, digits and brackets become
 * half-width), every kind of whitespace removed, and brackets of any shape dropped — so
 * “华豫数据中心项目（一期）”, “华豫数据中心项目(一期)” and “ 华豫数据中心项目一期” are one project.
 * Returns '' for a name that is blank after this (the caller ignores it).
 */
export function projectIdentity(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u200B\uFEFF]+/g, '')
    .replace(/[()[\]{}【】〔〕〖〗「」『』<>《》〈〉]/g, '');
}

/** The shape of a project-identity function: a name in, a key out ('' = no project). */
export type ProjectKey = (name: string) => string;
