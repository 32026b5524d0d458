# dv_add_library(NAME SOURCES ... [DEPS ...] [PRIVATE_DEPS ...]): one static library per folder.
# Creates dv_<name> and the alias dv::<name>, with C++20, the project's warnings and the include root.
include_guard(GLOBAL)

function(dv_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wold-style-cast
                                             # designated initializers rely on member defaults
                                             -Wno-missing-field-initializers)
    if(DV_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

function(dv_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(dv_${name} STATIC ${ARG_SOURCES})
  add_library(dv::${name} ALIAS dv_${name})
  target_compile_features(dv_${name} PUBLIC cxx_std_20)
  target_include_directories(dv_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(dv_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  dv_set_warnings(dv_${name})
endfunction()

# dv_add_test(NAME SOURCES ... DEPS ... [LABELS ...]): a GoogleTest executable registered with CTest.
function(dv_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  dv_set_warnings(${name})
  set(labels unit ${ARG_LABELS})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${labels}")
endfunction()
