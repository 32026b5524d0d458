# The tree builders of tests/support are compiled in: the fuzz preset does not build dv::testsupport.
dv_add_fuzzer(disc_app SOURCES ${CMAKE_CURRENT_LIST_DIR}/../DiscAppFuzzer.cpp ${PROJECT_SOURCE_DIR}/tests/support/DiscAppImages.cpp
              ${PROJECT_SOURCE_DIR}/tests/support/ExtImage.cpp ${PROJECT_SOURCE_DIR}/tests/support/IsoBuilder.cpp
              DEPS dv::analyzer dv::rules)
