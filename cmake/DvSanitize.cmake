# DV_SANITIZE: "address;undefined" or "thread". Applied to every target of the project.
include_guard(GLOBAL)
if(DV_SANITIZE)
  list(JOIN DV_SANITIZE "," _dv_san_flag)
  add_compile_options(-fsanitize=${_dv_san_flag} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_dv_san_flag})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12's middle-end warnings misfire on sanitizer-instrumented std::string code (e.g. -Wrestrict
    # on a plain string assignment); the sanitizers check these properties at run time instead.
    add_compile_options(-Wno-restrict -Wno-stringop-overflow -Wno-array-bounds -Wno-maybe-uninitialized)
  endif()
endif()
