/* What the build knew: `make release` passes -Xcc -DINTAKE_GIT_COMMIT='"<commit>"' (see the Makefile). A string
   literal macro is the one value a build command can hand to Swift without generating a source file. */
#ifndef INTAKE_GIT_COMMIT
#define INTAKE_GIT_COMMIT ""
#endif
static inline const char *intake_git_commit(void) { return INTAKE_GIT_COMMIT; }
