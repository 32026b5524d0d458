# Records the tool version and the git commit in a generated header, refreshed on every build so a
# report never names a stale commit (the header is rewritten only when its content changes).
include_guard(GLOBAL)
set(DV_BUILDINFO_HEADER ${PROJECT_BINARY_DIR}/generated/core/BuildInfo.h)
add_custom_target(dv_buildinfo
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DOUTPUT=${DV_BUILDINFO_HEADER}
          -DPROJECT_VERSION=${PROJECT_VERSION}
          -DCOMPILER=${CMAKE_CXX_COMPILER_ID}\ ${CMAKE_CXX_COMPILER_VERSION}
          -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
          -P ${PROJECT_SOURCE_DIR}/cmake/GenerateBuildInfo.cmake
  BYPRODUCTS ${DV_BUILDINFO_HEADER}
  COMMENT "Recording the git commit"
  VERBATIM)
