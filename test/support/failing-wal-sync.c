/*
 * An LD_PRELOAD library for tests: a disk whose fsync of SQLite's write-ahead log fails.
 *
 * Once the file FAILING_WAL_FLAG names exists, the next fsync or fdatasync of a file whose name
 * ends in "-wal" fails with EIO, as a failing disk's would (SQLite reports SQLITE_IOERR_FSYNC on
 * COMMIT), and from then on every write to such a file fails too: the disk stays broken, so no
 * later write can cover the frames already written. They stay in the kernel's page cache, as
 * after a real failed fsync that did in fact reach the disk. With FAILING_WAL_ONCE set, only that
 * one fsync fails and the disk works again after: a transient error, under which a write that
 * should not happen any more would commit. Built by test/support/failing-wal-sync.ts.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int broken = 0;
/* Only the first fsync after the flag fails when FAILING_WAL_ONCE is set: a transient error, the disk works again after. */
static int failed_once = 0;

static int transient(void) { return getenv("FAILING_WAL_ONCE") != NULL; }


static int is_wal(int fd) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t length = readlink(link, path, sizeof path - 1);
  if (length < 4) return 0;
  path[length] = 0;
  return strcmp(path + length - 4, "-wal") == 0;
}

static int sync_fails(int fd) {
  if (!is_wal(fd)) return 0;
  if (!broken) {
    const char *flag = getenv("FAILING_WAL_FLAG");
    broken = flag != NULL && access(flag, F_OK) == 0;
  }
  if (!broken || (transient() && failed_once)) return 0;
  failed_once = 1;
  return 1;
}

/* Writes fail too once broken, unless the error is transient. */
static int writes_fail(int fd) { return broken && !transient() && is_wal(fd); }

int fsync(int fd) {
  if (sync_fails(fd)) { errno = EIO; return -1; }
  return ((int (*)(int))dlsym(RTLD_NEXT, "fsync"))(fd);
}

int fdatasync(int fd) {
  if (sync_fails(fd)) { errno = EIO; return -1; }
  return ((int (*)(int))dlsym(RTLD_NEXT, "fdatasync"))(fd);
}

ssize_t pwrite64(int fd, const void *buffer, size_t count, off_t offset) {
  if (writes_fail(fd)) { errno = EIO; return -1; }
  return ((ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64"))(fd, buffer, count, offset);
}

ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) {
  if (writes_fail(fd)) { errno = EIO; return -1; }
  return ((ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite"))(fd, buffer, count, offset);
}

ssize_t write(int fd, const void *buffer, size_t count) {
  if (writes_fail(fd)) { errno = EIO; return -1; }
  return ((ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write"))(fd, buffer, count);
}
