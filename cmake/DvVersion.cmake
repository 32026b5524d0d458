# Records the tool version and the git commit at configure time in a generated header.
include_guard(GLOBAL)
find_package(Git QUIET)
set(DV_GIT_COMMIT "unknown")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  OUTPUT_VARIABLE DV_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  execute_process(COMMAND ${GIT_EXECUTABLE} status --porcelain --untracked-files=no
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  OUTPUT_VARIABLE _dv_dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_dv_dirty)
    string(APPEND DV_GIT_COMMIT "-dirty")
  endif()
  if(NOT DV_GIT_COMMIT)
    set(DV_GIT_COMMIT "unknown")
  endif()
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/BuildInfo.h.in ${PROJECT_BINARY_DIR}/generated/core/BuildInfo.h @ONLY)
