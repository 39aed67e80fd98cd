// GET /healthz and GET /metrics: for the operators' probes and Prometheus.
#include "metrics.h"
#include "route.h"

namespace cardex::http {

namespace {

Response Health(Context& ctx) {
  Response r;
  r.content_type = "text/plain; charset=utf-8";
  if (ctx.store.Ping()) {
    r.body = "ok\n";
  } else {
    r.status = 503;
    r.body = "database unreachable\n";
  }
  return r;
}

Response MetricsPage(Context& ctx) {
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = ctx.metrics.Exposition();
  r.body += StationSyncExposition(ctx.store);
  return r;
}

}  // namespace

void AddOpsRoutes(AppRouter& router) {
  router.Add("GET", "/healthz",
             Route{.name = "/healthz", .needs_session = false, .handle = Health});
  router.Add("GET", "/metrics",
             Route{.name = "/metrics", .needs_session = false, .handle = MetricsPage});
}

}  // namespace cardex::http
