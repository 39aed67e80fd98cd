// Reconciling through the registry service against the imported extract, in
// the same run (issue 23): a generated province is imported once with its
// citizens (the extract path, as `cardex reconcile` runs it: the citizens
// table on two read-only connections) and once without; the second copy is
// reconciled through the service client against the fake service of
// tests/registry (serving the first copy's citizens, each call answered
// after --latency-ms), first with an empty cache, then again from the
// cache. Prints each path's time, the calls made, what came from the cache,
// and whether the reports are byte-identical (they must be).
//
//   registry_service_bench [--members N] [--citizens M] [--latency-ms L]
//                          [--concurrency C] [--rate R] [--seed S] [--dir DIR]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cardex/gen/generator.h"
#include "cardex/ingest/import.h"
#include "cardex/reconcile/reconcile.h"
#include "cardex/reconcile/registry.h"
#include "cardex/registry/service_registry.h"
#include "cardex/store/store.h"
#include "tests/registry/fake_registry_service.h"

namespace {

using cardex::Status;

[[noreturn]] void Die(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.message().c_str());
  std::exit(1);
}

std::unique_ptr<cardex::Store> Open(const std::string& path, bool read_only = false) {
  cardex::StoreOptions o;
  o.read_only = read_only;
  auto store = cardex::OpenStore(path, o);
  if (!store.ok()) Die(store.status());
  if (!read_only) {
    Status s = (*store)->Migrate();
    if (!s.ok()) Die(s);
  }
  return std::move(store).value();
}

void Import(cardex::Store& store, const std::string& dir,
            std::initializer_list<cardex::RecordKind> kinds) {
  for (cardex::RecordKind kind : kinds) {
    const std::string path = dir + "/" + std::string(cardex::RecordKindName(kind)) + ".csv";
    auto result = cardex::ImportFile(store, kind, path);
    if (!result.ok()) Die(result.status());
    if (!result->ok()) Die(Status::InvalidArgument(path + ": " + result->errors.front()));
  }
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t members = 100'000, citizens = 1'000'000;
  int latency_ms = 20, concurrency = 4;
  double rate = 50;
  uint64_t seed = 1;
  std::string dir = (std::filesystem::temp_directory_path() / "cardex-registry-bench").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--members") members = std::stoll(value);
    else if (flag == "--citizens") citizens = std::stoll(value);
    else if (flag == "--latency-ms") latency_ms = std::stoi(value);
    else if (flag == "--concurrency") concurrency = std::stoi(value);
    else if (flag == "--rate") rate = std::stod(value);
    else if (flag == "--seed") seed = std::stoull(value);
    else if (flag == "--dir") dir = value;
    else Die(Status::InvalidArgument("unknown flag " + flag));
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cardex::gen::GenOptions gen;
  gen.members = members;
  gen.citizens = citizens;
  gen.seed = seed;
  if (Status s = cardex::gen::Generate(gen, dir + "/gen"); !s.ok()) Die(s);

  using cardex::RecordKind;
  const std::string extract_db = dir + "/extract.db", service_db = dir + "/service.db";
  auto extract = Open(extract_db);
  Import(*extract, dir + "/gen", {RecordKind::kUnits, RecordKind::kMembers, RecordKind::kCitizens});
  auto store = Open(service_db);
  Import(*store, dir + "/gen", {RecordKind::kUnits, RecordKind::kMembers});

  cardex::reconcile::ReconcileOptions options;
  options.full = true;

  // The extract path.
  options.report_path = dir + "/extract.csv";
  auto t0 = std::chrono::steady_clock::now();
  {
    auto registry = cardex::reconcile::MakeStoreRegistry(*extract, Open(extract_db, true),
                                                         Open(extract_db, true));
    auto run = cardex::reconcile::Reconcile(*extract, *registry, options);
    if (!run.ok()) Die(run.status());
  }
  const double extract_s = Seconds(t0);

  // The service: the extract's citizens behind the fake, `latency_ms` a call.
  auto service = cardex::testing::StartFakeRegistryService(Open(extract_db, true));
  if (!service.ok()) Die(service.status());
  cardex::testing::Misbehaviour slow;
  slow.latency_ms = latency_ms;
  (*service)->Set(slow);
  cardex::registry::ServiceOptions o;
  o.base_url = (*service)->url();
  o.concurrency = concurrency;
  o.requests_per_second = rate;
  o.cache = store.get();

  struct Row {
    const char* what;
    double seconds;
    cardex::registry::ServiceStats stats;
    bool identical;
  };
  std::vector<Row> rows;
  const std::string expected = Slurp(options.report_path);
  for (const char* what : {"service, empty cache", "service, from the cache"}) {
    auto client = cardex::registry::MakeServiceRegistry(o);
    if (!client.ok()) Die(client.status());
    options.report_path = dir + "/service.csv";
    t0 = std::chrono::steady_clock::now();
    auto run = cardex::reconcile::Reconcile(*store, **client, options);
    if (!run.ok()) Die(run.status());
    rows.push_back({what, Seconds(t0), (*client)->stats(), Slurp(options.report_path) == expected});
  }

  std::printf("registry_service_bench: %lld members, %lld citizens, %d ms a call, %d in flight, "
              "%.0f calls/s at most\n",
              static_cast<long long>(members), static_cast<long long>(citizens), latency_ms,
              concurrency, rate);
  std::printf("%-26s %9s %7s %9s %9s %10s %10s %s\n", "path", "seconds", "calls", "ids asked",
              "queries", "ids cached", "q. cached", "report");
  std::printf("%-26s %9.2f %7s %9s %9s %10s %10s %s\n", "extract (citizens table)", extract_s, "-",
              "-", "-", "-", "-", "reference");
  for (const Row& r : rows) {
    std::printf("%-26s %9.2f %7lld %9lld %9lld %10lld %10lld %s\n", r.what, r.seconds,
                static_cast<long long>(r.stats.calls), static_cast<long long>(r.stats.asked_ids),
                static_cast<long long>(r.stats.asked_queries),
                static_cast<long long>(r.stats.cached_ids),
                static_cast<long long>(r.stats.cached_queries),
                r.identical ? "byte-identical" : "DIFFERS");
  }
  std::filesystem::remove_all(dir);
  for (const Row& r : rows) {
    if (!r.identical) return 1;
  }
  return 0;
}
