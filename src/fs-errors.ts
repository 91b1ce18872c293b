/**
 * A file-system failure the user can cause and mend (a folder that is a file, no permission, a disk
 * that is full, an output open in Excel or WPS) as one Chinese line, for the error boundary in cli.ts.
 */
const REASONS: Record<string, string> = {
  EEXIST: '已存在同名文件，不是文件夹',
  ENOTDIR: '路径中有一段是文件而不是文件夹',
  EISDIR: '这是一个文件夹，不是文件',
  ENOENT: '文件或文件夹不存在',
  EACCES: '没有权限',
  EPERM: '没有权限，或文件正在被其他程序（如 Excel、WPS）使用，请关闭后重试',
  EBUSY: '文件正在被其他程序（如 Excel、WPS）使用，请关闭后重试',
  ENOSPC: '磁盘空间不足',
  EROFS: '磁盘是只读的',
  ENAMETOOLONG: '路径太长',
  EMFILE: '同时打开的文件太多，请稍后重试',
};

const ACTIONS: Record<string, string> = {
  mkdir: '无法创建文件夹',
  open: '无法打开',
  write: '无法写入',
  rename: '无法写出',
  copyfile: '无法复制',
  scandir: '无法读取文件夹',
  read: '无法读取',
  unlink: '无法删除临时文件',
  stat: '无法访问',
};

interface FsError {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

export function isFsError(error: unknown): error is FsError {
  return typeof error === 'object' && error !== null && typeof (error as FsError).code === 'string' && (error as FsError).code in REASONS;
}

export function describeFsError(error: FsError): string {
  const action = (error.syscall && ACTIONS[error.syscall]) ?? '无法访问';
  const path = error.syscall === 'rename' && error.dest ? error.dest : error.path;
  return `${action}${path ? ` ${path}` : ''}：${REASONS[error.code]}`;
}
