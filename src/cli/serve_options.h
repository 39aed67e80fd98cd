// Options shared by `cardex serve` and `cardex demo`.
#ifndef CARDEX_CLI_SERVE_OPTIONS_H_
#define CARDEX_CLI_SERVE_OPTIONS_H_

#include <functional>

#include "cardex/http/app.h"
#include "cardex/http/server.h"
#include "command.h"

namespace CLI {
class App;
}

namespace cardex::cli {

struct ServeOptions {
  http::ServerOptions server;
  http::AppOptions app;
  bool quiet = false;
  int audit_checkpoint_seconds = 300;
  bool bench_no_rollups = false;  // AppOptions::fold_rollups off
  std::string log_format = "json";
  // Durations as the operator writes them (whole seconds or milliseconds);
  // Serve() puts them into `server` and `app`.
  int request_timeout_s = 10, idle_timeout_s = 30, drain_timeout_s = 10;
  int lockout_s = 15 * 60, session_idle_s = 8 * 3600;
  int checkpoint_ms = 200, fold_ms = 200;
  int station_sync_s = 30;
};

void AddServeOptions(CLI::App& cmd, ServeOptions* options);

// Serves until SIGINT/SIGTERM; `ready` (may be empty) gets the bound port.
int Serve(const GlobalOptions& global, ServeOptions options,
          const std::function<void(uint16_t)>& ready);

}  // namespace cardex::cli

#endif  // CARDEX_CLI_SERVE_OPTIONS_H_
