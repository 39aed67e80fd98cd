# `make deb`: cardex_VERSION_amd64.deb with CPack's DEB generator
# (docs/operations.md, "Install"). What goes in:
#   /usr/bin/cardex
#   /usr/share/man/man1/cardex.1.gz           help2man, from `cardex --help` and `cardex serve --help`
#   /lib/systemd/system/cardex.service        packaging/cardex.service (hardened)
#   /etc/cardex/cardex.conf                   packaging/cardex.conf (a conffile: kept on upgrade and removal)
#   /usr/share/doc/cardex/                    operations.md, settings.md, nginx/cardex (the TLS site)
# Dependencies come from the libraries the binary links (dpkg-shlibdeps), plus
# adduser for the maintainer scripts (packaging/postinst, prerm, postrm).
#
# Installing builds nothing but what it installs (the test suite stays out).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

find_program(CARDEX_HELP2MAN help2man)
if(CARDEX_HELP2MAN)
  set(man_include ${CMAKE_BINARY_DIR}/cardex-man-include.txt)
  set(man_page ${CMAKE_BINARY_DIR}/cardex.1)
  add_custom_command(
    OUTPUT ${man_page}.gz
    COMMAND ${CMAKE_COMMAND} -DCARDEX=$<TARGET_FILE:cardex> -DOUT=${man_include}
            -P ${PROJECT_SOURCE_DIR}/cmake/man_include.cmake
    COMMAND ${CARDEX_HELP2MAN} --no-info --no-discard-stderr --section=1
            --name=re-issue\ membership\ cards\ against\ the\ population\ registry
            --version-string=${PROJECT_VERSION} --include=${man_include}
            --output=${man_page} $<TARGET_FILE:cardex>
    COMMAND gzip -9nf ${man_page}
    DEPENDS cardex ${PROJECT_SOURCE_DIR}/cmake/man_include.cmake
    COMMENT "cardex.1 from --help (help2man)")
  add_custom_target(cardex_man DEPENDS ${man_page}.gz)
  install(FILES ${man_page}.gz DESTINATION share/man/man1 OPTIONAL)
endif()

install(TARGETS cardex RUNTIME DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/cardex.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/cardex.conf DESTINATION /etc/cardex)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/settings.md
        DESTINATION share/doc/cardex)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/nginx/cardex DESTINATION share/doc/cardex/nginx)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cardex)
set(CPACK_PACKAGE_VENDOR "Cardex")
set(CPACK_PACKAGE_CONTACT "Cardex operators <cardex@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "membership-card exchange against the population registry")
set(CPACK_PACKAGE_DESCRIPTION
    "Cardex runs a membership-card exchange campaign: member lists, reconciliation with\n"
    "the population registry, reception planning, the station desk, card production\n"
    "and oversight. One binary; SQLite or PostgreSQL.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# CARDEX_PACKAGE_VERSION: the package's version (default: the project's);
# the package test builds an older one to upgrade over.
if(NOT CARDEX_PACKAGE_VERSION)
  set(CARDEX_PACKAGE_VERSION ${PROJECT_VERSION})
endif()
set(CPACK_PACKAGE_VERSION ${CARDEX_PACKAGE_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nginx-light | nginx, sqlite3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/conffiles ${PROJECT_SOURCE_DIR}/packaging/postinst
    ${PROJECT_SOURCE_DIR}/packaging/prerm ${PROJECT_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/deb)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/cpack_project.cmake)
include(CPack)
