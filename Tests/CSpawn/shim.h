// glibc extensions (posix_spawn 2.29 and 2.34, pipe2), declared here: Swift's Glibc module is built without _GNU_SOURCE.
#include <spawn.h>

extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
extern int pipe2(int fds[2], int flags);
