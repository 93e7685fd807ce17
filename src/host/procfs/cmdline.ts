// /proc/PID/cmdline: argv, each element NUL-terminated. Real bytes from this machine:
//   od\0-c\0/proc/self/cmdline\0
// Empty for kernel threads and zombies. setproctitle-style programs overwrite argv: either
// one string with spaces and no NUL ("nginx: worker process"), which stays one element,
// or a title padded with NULs to the old argv length, whose trailing empties are dropped.
export function parseCmdline(buf: Buffer): string[] {
  return parseCmdlineText(buf.toString('utf8'));
}

/** The same from the file's text (NULs included). */
export function parseCmdlineText(text: string): string[] {
  const parts = text.split('\0');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
