#include "cardex/http/app.h"

#include <sodium.h>

#include <mutex>
#include <vector>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "cardex/auth/scope.h"
#include "cardex/cards/cards.h"
#include "cardex/groups/groups.h"
#include "cardex/auth/sessions.h"
#include "cardex/intake/photo.h"
#include "cardex/store/outage.h"
#include "cardex/store/read_replica.h"
#include "cardex/store/engine.h"
#include "cardex/store/audit_chain.h"
#include "cardex/store/idempotency.h"
#include "cardex/store/lookups.h"
#include "cardex/store/store.h"
#include "audit_checkpointer.h"
#include "checkpointer.h"
#include "client_address.h"
#include "db_watchdog.h"
#include "member_page.h"
#include "metrics.h"
#include "outage_log.h"
#include "rollup_folder.h"
#include "station_syncer.h"
#include "route.h"
#include "stale_reads.h"

namespace cardex::http {

namespace {

constexpr const char* kSessionCookie = "cardex_session";

// The SHA-256 of the parts, each followed by a NUL (so that no two lists
// of parts hash alike by moving bytes between them).
std::string HashOfParts(std::initializer_list<std::string_view> parts) {
  std::string joined;
  for (std::string_view part : parts) {
    joined.append(part);
    joined.push_back('\0');
  }
  return Sha256Hex(joined);
}

// What an Idempotency-Key is bound to: "2:" and the SHA-256 of the method,
// the path and the body's own SHA-256 (which a photo upload stores as the
// photo's: the body is hashed once).
std::string RequestHash(const Request& r, std::string_view body_sha256) {
  return "2:" + HashOfParts({r.method, r.path, body_sha256});
}

// The hash of records written before "2:" (the body itself hashed in):
// a retry that straddles an upgrade is still recognised.
std::string LegacyRequestHash(const Request& r) { return HashOfParts({r.method, r.path, r.body}); }

bool GoodIdempotencyKey(std::string_view key) {
  if (key.size() < 8 || key.size() > 128) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != ':') {
      return false;
    }
  }
  return true;
}

}  // namespace

Response Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response FromStatus(const Status& s) {
  int status = 500;
  std::string_view code = "internal";
  switch (s.code()) {
    case StatusCode::kOk: return Json(200, "{}");
    case StatusCode::kInvalidArgument: status = 400, code = "bad_request"; break;
    case StatusCode::kUnauthenticated: status = 401, code = "unauthenticated"; break;
    case StatusCode::kPermissionDenied: status = 403, code = "forbidden"; break;
    case StatusCode::kNotFound: status = 404, code = "not_found"; break;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: status = 409, code = "conflict"; break;
    case StatusCode::kResourceExhausted: status = 429, code = "too_many_requests"; break;
    case StatusCode::kUnavailable: {
      // Retryable: the database is away (a fail-over, a standby, a
      // restart); the same request succeeds once it is back, and repeats
      // are idempotent.
      Response r = ErrorResponse(503, "unavailable", "error.503");
      r.AddHeader("Retry-After", "1");
      return r;
    }
    default: return ErrorResponse(500, "internal", "error.500");
  }
  // A coded Status says itself in the reader's language; a free-text one
  // (a capability message with no catalogue entry yet) gets the status's
  // headline, with its English text aside as the detail.
  if (!s.message_id().empty()) return ErrorResponse(status, code, s.message_id(), s.message_args());
  return ErrorResponse(status, code, "error." + std::to_string(status), {}, s.message());
}

class App::Impl {
 public:
  explicit Impl(AppOptions options)
      : options_(std::move(options)),
        watchdog_(options_.db_deadline, metrics_),
        outages_(metrics_, options_.event_log, options_.log_format),
        throttle_(options_.throttle),
        member_page_(options_.member_page, options_.member_throttle_address, options_.member_throttle_code) {
    AddSessionRoutes(router_);
    AddDeskRoutes(router_);
    AddCardRoutes(router_);
    AddOpsRoutes(router_);
    AddGroupRoutes(router_);
    AddCorrectionRoutes(router_);
    AddUploadRoutes(router_);
    AddPageRoutes(router_);
    AddSyncRoutes(router_);
  }

  // A connection pool: a request takes an idle connection or opens one,
  // and gives it back when done (dropped instead when the database was
  // unreachable, so the next request reconnects). It grows to the number
  // of requests in flight at once, i.e. the server's threads.
  class Lease {
   public:
    Lease(Impl& app, std::unique_ptr<Store> store)
        : app_(app), store_(std::move(store)), watch_(app.watchdog_.Start(*store_)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (!store_) return;
      if (watch_.End()) healthy_ = false;  // broken off: never back to the pool
      if (!healthy_) return;
      std::lock_guard lock(app_.pool_mutex_);
      app_.idle_.push_back(std::move(store_));
    }
    Store& operator*() { return *store_; }
    void MarkBroken() { healthy_ = false; }

   private:
    Impl& app_;
    std::unique_ptr<Store> store_;
    DbWatchdog::Watch watch_;  // the request's deadline on its database waits
    bool healthy_ = true;
  };

  // A request answered 503: counted and logged by cause (outage_log.h).
  // When the connection was lost or landed on a standby, the idle ones
  // very likely did too (they reach the same server): they are dropped, so
  // that the retries reconnect instead of each meeting a dead connection.
  void DatabaseRefused(StoreOutage outage) {
    using Cause = Metrics::DbOutage;
    Cause cause = Cause::kConnectionLost;
    if (outage == StoreOutage::kReadOnly) cause = Cause::kReadOnly;
    if (outage == StoreOutage::kTimedOut) cause = Cause::kTimedOut;
    outages_.Refused(cause);
    if (outage != StoreOutage::kTimedOut) {
      std::vector<std::unique_ptr<Store>> dropped;
      std::lock_guard lock(pool_mutex_);
      dropped.swap(idle_);
    }
  }

  Result<Lease> Acquire() {
    {
      std::lock_guard lock(pool_mutex_);
      if (!idle_.empty()) {
        auto store = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(store));
      }
    }
    CARDEX_ASSIGN_OR_RETURN(auto store, OpenConnection());
    return Lease(*this, std::move(store));
  }

  // A connection that writes: every one the server opens but the
  // checkpointer's. On SQLite it leaves WAL checkpoints to the checkpointer
  // thread (checkpointer.h): a commit that ran one would hold the write
  // lock, and every desk behind it, while it synced the database.
  // Thread-safe (the background tasks reconnect through it).
  Result<std::unique_ptr<Store>> OpenConnection() {
    CARDEX_ASSIGN_OR_RETURN(auto store, OpenStore(options_.db_spec));
    CARDEX_RETURN_IF_ERROR(LeaveWalCheckpointsToCaller(*store));
    return store;
  }

  Response Handle(Request& request);
  Response Dispatch(const Route& route, Request& request, PathParams params, std::string* user);
  Response Guarded(const Route& route, Context& ctx, std::string* user);
  Response Idempotent(const Route& route, Context& ctx);
  Status ResolveTarget(const Route& route, Context& ctx);

  // The card signing key: loaded at its first use, then kept.
  Result<cards::SigningKey> SigningKey(Store& store) {
    std::lock_guard lock(key_mutex_);
    if (!key_) {
      auto key = options_.card_key_file.empty() ? cards::LoadOrCreateStoreKey(store)
                                                : cards::LoadKeyFile(options_.card_key_file);
      if (!key.ok()) return key.status();
      key_ = *key;
    }
    return *key_;
  }

  AppOptions options_;
  std::mutex key_mutex_;
  std::optional<cards::SigningKey> key_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Store>> idle_;
  AppRouter router_;
  ScopeCache scopes_;
  Metrics metrics_;
  DbWatchdog watchdog_;  // after metrics_, before every connection it watches
  OutageLog outages_;
  LoginThrottle throttle_;
  MemberPageServices member_page_;
  TrustedProxies proxies_;
  std::unique_ptr<ReadReplica> replica_;  // when a standby is configured
  // Background threads last: destroyed first, while what they use exists.
  std::unique_ptr<AuditCheckpointer> audit_checkpointer_;  // when configured
  std::unique_ptr<Checkpointer> checkpointer_;  // SQLite only
  std::unique_ptr<RollupFolder> folder_;        // unless the benchmark switched it off
  std::unique_ptr<StationSyncer> syncer_;       // a station's copy only
};

Status App::Impl::ResolveTarget(const Route& route, Context& ctx) {
  switch (route.target) {
    case TargetFrom::kNone:
    case TargetFrom::kAnyScope: return Status::Ok();
    case TargetFrom::kMember: {
      CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> cell, MemberUnit(ctx.store, ctx.Param("member_no")));
      if (!cell) return Status::Coded(StatusCode::kNotFound, "not_found.member", {ctx.Param("member_no")});
      ctx.target.unit_code = std::move(*cell);
      return Status::Ok();
    }
    case TargetFrom::kStation:
      if (!ctx.scopes.HasStation(ctx.Param("station"))) {
        return Status::Coded(StatusCode::kNotFound, "not_found.station", {ctx.Param("station")});
      }
      ctx.target.station_code = ctx.Param("station");
      return Status::Ok();
    case TargetFrom::kUnit:
      if (!ctx.scopes.HasUnit(ctx.Param("unit"))) {
        return Status::Coded(StatusCode::kNotFound, "not_found.unit", {ctx.Param("unit")});
      }
      ctx.target.unit_code = ctx.Param("unit");
      return Status::Ok();
    case TargetFrom::kQueryUnit: {
      auto it = ctx.request.query.find("unit");
      if (it != ctx.request.query.end()) {
        if (!ctx.scopes.HasUnit(it->second)) {
          return Status::Coded(StatusCode::kNotFound, "not_found.unit", {it->second});
        }
        ctx.target.unit_code = it->second;
      } else if (ctx.who().role == Role::kStationOfficer) {
        ctx.target.station_code = ctx.who().scope;
      } else {
        ctx.target.unit_code = ctx.who().scope;
      }
      return Status::Ok();
    }
    case TargetFrom::kBatch: {
      CARDEX_ASSIGN_OR_RETURN(ctx.target.unit_code, cards::BatchCommune(ctx.store, ctx.Param("batch_id")));
      return Status::Ok();
    }
    case TargetFrom::kGroup: {
      CARDEX_ASSIGN_OR_RETURN(groups::GroupOwner owner, groups::OwnerOfGroup(ctx.store, ctx.Param("group")));
      ctx.target.group_code = std::move(owner.group_code);
      ctx.target.unit_code = std::move(owner.unit_code);
      return Status::Ok();
    }
    case TargetFrom::kFollowUp: {
      const std::string& id = ctx.Param("follow_up_id");
      bool digits = !id.empty() && id.size() <= 18;
      for (char c : id) digits = digits && c >= '0' && c <= '9';
      if (!digits) return Status::Coded(StatusCode::kNotFound, "not_found.follow_up", {id});
      CARDEX_ASSIGN_OR_RETURN(groups::GroupOwner owner,
                              groups::OwnerOfFollowUp(ctx.store, std::stoll(id)));
      ctx.target.group_code = std::move(owner.group_code);
      ctx.target.unit_code = std::move(owner.unit_code);
      return Status::Ok();
    }
    case TargetFrom::kQueryStation: {
      auto it = ctx.request.query.find("station");
      if (it != ctx.request.query.end()) {
        if (!ctx.scopes.HasStation(it->second)) {
          return Status::Coded(StatusCode::kNotFound, "not_found.station", {it->second});
        }
        ctx.target.station_code = it->second;
      } else if (ctx.who().role == Role::kStationOfficer) {
        ctx.target.station_code = ctx.who().scope;
      } else {
        ctx.target.unit_code = ctx.who().scope;
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Response App::Impl::Idempotent(const Route& route, Context& ctx) {
  std::string key(ctx.request.Header("idempotency-key"));
  if (!GoodIdempotencyKey(key)) {
    return ErrorResponse(400, "idempotency_key_required", "idem.key_required");
  }
  ctx.body_sha256 = intake::PhotoSha256(ctx.request.body);
  const std::string hash = RequestHash(ctx.request, ctx.body_sha256);
  const std::string& actor = ctx.who().login;
  // Keys are the actor's own: stored as "login/key" ('/' is in neither),
  // so one user's key never collides with, or reveals, another's
  // (docs/security.md, "Idempotency keys"). Records from before the
  // scoping are stored under the bare key and still replay for their actor.
  const std::string bare = key;
  key = actor + "/" + bare;
  auto replay = [&](const IdempotencyRecord& first) {
    const bool same = first.request_hash.starts_with("2:")
                          ? first.request_hash == hash
                          : first.request_hash == LegacyRequestHash(ctx.request);
    if (first.actor != actor || !same) {
      return ErrorResponse(422, "idempotency_key_reused", "idem.key_reused");
    }
    Response r = Json(static_cast<int>(first.status_code), first.response);
    r.AddHeader("Idempotent-Replayed", "true");
    return r;
  };
  Response response;
  bool lost_race = false;
  {
    Transaction tx(ctx.store);  // rolls back unless committed
    if (Status s = tx.Begin(); !s.ok()) return FromStatus(s);
    auto seen = FindIdempotencyRecord(ctx.store, key);
    if (!seen.ok()) return FromStatus(seen.status());
    if (*seen) return replay(**seen);
    auto legacy = FindIdempotencyRecord(ctx.store, bare);
    if (!legacy.ok()) return FromStatus(legacy.status());
    if (*legacy && (*legacy)->actor == actor) return replay(**legacy);
    response = route.handle(ctx);
    if (response.status >= 300) {
      // Nothing of a refused request is kept. A conflict may mean that a
      // twin with the same key (PostgreSQL runs them side by side) won.
      lost_race = response.status == 409;
    } else {
      // With the commit: on PostgreSQL one round trip fewer while the
      // step's row locks are held.
      Status saved = CommitWithIdempotencyRecord(
          tx, {key, actor, hash, int64_t{response.status}, response.body, FormatUtc(Clock::now())});
      if (saved.code() == StatusCode::kAlreadyExists) {
        lost_race = true;
        response = FromStatus(saved);
      } else if (!saved.ok()) {
        return FromStatus(saved);
      }
    }
  }
  if (lost_race) {
    auto first = FindIdempotencyRecord(ctx.store, key);
    if (first.ok() && *first) return replay(**first);
  }
  return response;
}

Response App::Impl::Dispatch(const Route& route, Request& request, PathParams params,
                             std::string* user) {
  auto lease = Acquire();
  if (!lease.ok()) {
    Response r = FromStatus(lease.status());
    if (r.status == 503) outages_.Refused(Metrics::DbOutage::kConnectFailed);
    return route.page ? PageRefusal(request, r) : r;
  }
  auto scopes = scopes_.Get();
  const bool secure = options_.secure_cookies == AppOptions::SecureCookies::kAlways ||
                     (options_.secure_cookies == AppOptions::SecureCookies::kAuto && request.https);
  Context ctx{request,  std::move(params), **lease,   *scopes, std::nullopt, Target{},
              metrics_, options_.auth,     throttle_, secure};
  Store& store = **lease;
  ctx.signing_key = [this, &store] { return SigningKey(store); };
  StaleReads stale(replica_.get(), store, watchdog_, metrics_);  // before the lease ends
  ctx.stale_reads = &stale;
  ctx.member_page = &member_page_;
  Response response = Guarded(route, ctx, user);
  if (response.status == 503) {
    lease->MarkBroken();
    DatabaseRefused(LastOutage(store));
  } else if (response.status < 500) {
    outages_.Answered();
  }
  if (route.page && response.status >= 400 && response.content_type == "application/json") {
    return PageRefusal(request, response);
  }
  return response;
}

Response App::Impl::Guarded(const Route& route, Context& ctx, std::string* user) {
  Request& request = ctx.request;
  if (route.needs_session) {
    std::string token = request.Cookie(kSessionCookie);
    if (token.empty()) return ErrorResponse(401, "unauthenticated", "auth.login_first");
    auto session = LookupSession(ctx.store, token, Clock::now(), options_.auth);
    if (!session.ok()) {
      return session.status().code() == StatusCode::kUnauthenticated
                 ? ErrorResponse(401, "unauthenticated", "auth.session_ended")
                 : FromStatus(session.status());
    }
    ctx.session = std::move(*session);
    *user = ctx.who().login;
    if (route.csrf && !CsrfMatches(*ctx.session, request.Header("x-csrf-token"))) {
      return ErrorResponse(403, "csrf", "auth.csrf");
    }
    if (route.permission) {
      // A member outside the caller's scope and a member that does not
      // exist get the same answer, and it names no unit: otherwise probing
      // sequential member numbers tells who exists and in which cell
      // (docs/security.md, "403 and 404"). Scope "" sees everything, so an
      // administrator still gets a plain 404.
      const bool hide = route.target == TargetFrom::kMember && !ctx.who().scope.empty();
      auto hidden = [&] {
        return ctx.Param("member_no").size() <= 32
                   ? ErrorResponse(403, "forbidden", "auth.member_hidden", {ctx.Param("member_no")})
                   : ErrorResponse(403, "forbidden", "auth.member_hidden_long");
      };
      if (Status s = ResolveTarget(route, ctx); !s.ok()) {
        return hide && s.code() == StatusCode::kNotFound ? hidden() : FromStatus(s);
      }
      const bool role_has = RoleHas(ctx.who().role, *route.permission);
      Status allowed = route.target == TargetFrom::kAnyScope
                           ? (role_has ? Status::Ok() : Status::PermissionDenied(""))
                           : Authorize(ctx.scopes, ctx.who(), *route.permission, ctx.target);
      if (!allowed.ok()) {
        if (hide) return hidden();
        // Said from the catalogue: the role and the permission as people
        // name them, and never the target (a cell code would tell an
        // outsider where a member is).
        const std::string perm(PermissionName(*route.permission));
        return role_has ? ErrorResponse(403, "forbidden", "auth.scope_may_not",
                                        {ctx.who().login, "@perm." + perm})
                        : ErrorResponse(403, "forbidden", "auth.role_may_not",
                                        {ctx.who().login, "@role." + std::string(RoleName(ctx.who().role)),
                                         "@perm." + perm});
      }
    }
  }
  if (route.idempotent) return Idempotent(route, ctx);
  return route.handle(ctx);
}

Response App::Impl::Handle(Request& request) {
  auto started = std::chrono::steady_clock::now();
  // The client behind our own proxies: the login throttle keys on it.
  TrustedProxies::Client client = proxies_.Resolve(
      request.client_ip, request.Header("x-forwarded-for"), request.Header("x-forwarded-proto"));
  request.client_ip = std::move(client.address);
  request.https = client.https;
  auto match = router_.Find(request.method, request.path);
  Response response;
  std::string route_name = "unmatched", user;
  if (match.outcome == AppRouter::Outcome::kNotFound) {
    response = ErrorResponse(404, "not_found", "http.no_route");
  } else if (match.outcome == AppRouter::Outcome::kMethodNotAllowed) {
    response = ErrorResponse(405, "method_not_allowed", "http.method_not_allowed", {match.allowed});
    response.AddHeader("Allow", match.allowed);
  }
  if (match.outcome != AppRouter::Outcome::kFound) {
    // A browser (it asks for HTML) gets a page for a path outside the API;
    // probes and scripts keep the JSON error.
    if (!request.path.starts_with("/api/") &&
        request.Header("accept").find("text/html") != std::string_view::npos) {
      response = PageRefusal(request, response);
    }
  } else {
    route_name = match.route->name;
    response = Dispatch(*match.route, request, std::move(match.params), &user);
  }
  // JSON errors in the language the client asked for (pages' refusals were
  // rendered as HTML in the page's language already).
  LocalizeError(&response, ApiLang(request));
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  metrics_.Request(route_name, request.method, response.status, took);
  if (options_.log) {
    // Route patterns only: paths and bodies may carry member data. The
    // method is reduced to the closed set of the metrics (MethodLabel):
    // a crafted method neither grows nor forges the log.
    LogLevel level = response.status >= 500 ? LogLevel::kError : LogLevel::kInfo;
    std::string line = LogLine(options_.log_format, FormatUtc(Clock::now()), level, "request")
                           .Add("method", MethodLabel(request.method))
                           .Add("route", route_name)
                           .Add("status", static_cast<int64_t>(response.status))
                           .Add("us", static_cast<int64_t>(took.count()))
                           .Add("user", user)
                           .Finish();
    std::fwrite(line.data(), 1, line.size(), options_.log);
  }
  // Answers are personal and change with every step; only assets say otherwise.
  bool has_cache_control = false;
  for (const auto& [name, value] : response.headers) has_cache_control |= name == "Cache-Control";
  if (!has_cache_control) response.AddHeader("Cache-Control", "no-store");
  response.AddHeader("X-Content-Type-Options", "nosniff");
  return response;
}

Result<std::unique_ptr<App>> App::Create(const AppOptions& options) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  CARDEX_ASSIGN_OR_RETURN(TrustedProxies proxies, TrustedProxies::Parse(options.trusted_proxies));
  auto impl = std::make_unique<Impl>(options);
  impl->proxies_ = std::move(proxies);
  if (!options.standby_db.empty()) {
    const std::string_view db(options.db_spec);
    if (!db.starts_with("postgresql://") && !db.starts_with("postgres://")) {
      return Status::InvalidArgument("--standby-db needs a PostgreSQL --db (SQLite has no standby)");
    }
    CARDEX_ASSIGN_OR_RETURN(impl->replica_, ReadReplica::Create(options.standby_db));
  }
  CARDEX_ASSIGN_OR_RETURN(auto lease, impl->Acquire());
  CARDEX_RETURN_IF_ERROR((*lease).Migrate());
  CARDEX_RETURN_IF_ERROR(impl->scopes_.Reload(*lease));
  if ((*lease).backend() == "sqlite") {
    // Its own connection keeps automatic checkpoints (not OpenConnection).
    impl->checkpointer_ = std::make_unique<Checkpointer>(
        [spec = options.db_spec] { return OpenStore(spec); }, options.checkpoint_interval,
        impl->metrics_);
  }
  if (!options.audit_checkpoints.empty() || !options.audit_checkpoint_key.empty()) {
    if (options.audit_checkpoints.empty() || options.audit_checkpoint_key.empty()) {
      return Status::InvalidArgument(
          "--audit-checkpoints and --audit-checkpoint-key go together");
    }
    CARDEX_ASSIGN_OR_RETURN(auto key, AuditCheckpointKey::Load(options.audit_checkpoint_key));
    CARDEX_ASSIGN_OR_RETURN(auto own, impl->OpenConnection());
    impl->audit_checkpointer_ = std::make_unique<AuditCheckpointer>(
        std::move(own), std::move(key), options.audit_checkpoints,
        std::chrono::duration_cast<std::chrono::milliseconds>(options.audit_checkpoint_every),
        impl->metrics_, options.log, options.log_format);
  }
  if (options.fold_rollups) {
    Impl* app = impl.get();
    // With a standby the pages there cannot rebuild stale roll-ups (after
    // an import, a reconciliation, a plan): the folder does it here.
    impl->folder_ = std::make_unique<RollupFolder>([app] { return app->OpenConnection(); },
                                                   options.fold_interval, impl->metrics_,
                                                   &impl->watchdog_,
                                                   /*rebuild_when_stale=*/impl->replica_ != nullptr);
  }
  if (options.station_sync_interval.count() > 0 && station::LoadSelf(*lease).ok()) {
    impl->syncer_ = std::make_unique<StationSyncer>(options.db_spec, options.station_sync_interval);
  }
  return std::unique_ptr<App>(new App(std::move(impl)));
}

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
App::~App() = default;
Response App::Handle(Request& request) { return impl_->Handle(request); }

std::vector<std::pair<std::string, std::string>> App::Routes() const {
  return impl_->router_.List();
}

Status App::ReloadScopes() {
  CARDEX_ASSIGN_OR_RETURN(auto lease, impl_->Acquire());
  return impl_->scopes_.Reload(*lease);
}

}  // namespace cardex::http
