# Read by cpack at packaging time (CPACK_PROJECT_CONFIG_FILE): the
# CARDEX_PACKAGE_VERSION environment variable overrides the package version,
# so that the package test can build an older package to upgrade over.
if(DEFINED ENV{CARDEX_PACKAGE_VERSION} AND NOT "$ENV{CARDEX_PACKAGE_VERSION}" STREQUAL "")
  set(CPACK_PACKAGE_VERSION "$ENV{CARDEX_PACKAGE_VERSION}")
endif()
# CARDEX_PACKAGE_DIR: where the .deb is written (default build/<preset>/deb),
# so that the test's two packages do not land on the developer's.
if(DEFINED ENV{CARDEX_PACKAGE_DIR} AND NOT "$ENV{CARDEX_PACKAGE_DIR}" STREQUAL "")
  set(CPACK_OUTPUT_FILE_PREFIX "$ENV{CARDEX_PACKAGE_DIR}")
endif()
