# Writes help2man's --include file: the `serve` command's options, which the
# service runs (cmake -DCARDEX=path -DOUT=file -P man_include.cmake).
execute_process(COMMAND ${CARDEX} serve --help OUTPUT_VARIABLE serve_help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cardex serve --help failed")
endif()
string(REPLACE "\\" "\\\\" serve_help "${serve_help}")
file(WRITE ${OUT} "[SERVE]\n.nf\n${serve_help}\n.fi\n"
  "[FILES]\n/etc/cardex/cardex.conf: the service's configuration (cardex serve --config).\n"
  ".br\n/var/lib/cardex: the service's state (the SQLite database).\n"
  "[SEE ALSO]\n/usr/share/doc/cardex/operations.md, /usr/share/doc/cardex/settings.md\n")
