// Suggestion quality on generated data with the typos of hand-typed lists
// (issue 22): `cardex gen`'s library writes members, registry and truth,
// they are imported into SQLite and reconciled once with a permissive rule;
// the report's suggestion_probability column then gives precision and
// recall at several thresholds (a curve), against the rule a user had
// before (the one citizen whose name, birth date and gender agree after
// folding, core/verdict.h IsConfidentMatch), in the same run.
//
//   suggestion_bench --members N --citizens M [--seed S] [--dir DIR]
//
// Recall counts the members whose truth has a right suggestion (the person
// meant is alive, not already named by the recorded id, and has no namesake
// born the same day). Also prints recall per injected error kind at the
// default threshold, and the verdict agreement (must be 100 %).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "cardex/core/verdict.h"
#include "cardex/gen/generator.h"
#include "cardex/ingest/import.h"
#include "cardex/io/csv.h"
#include "cardex/reconcile/reconcile.h"
#include "cardex/reconcile/registry.h"
#include "cardex/store/store.h"

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows Load(const std::string& path) {
  Rows rows;
  auto reader = cardex::CsvReader::OpenFile(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), reader.status().message().c_str());
    std::exit(1);
  }
  std::vector<std::string_view> fields;
  bool header = true;
  while (true) {
    auto more = (*reader)->Next(&fields);
    if (!more.ok() || !*more) break;
    if (header) {
      header = false;
      continue;
    }
    rows.emplace_back(fields.begin(), fields.end());
  }
  return rows;
}

// The rule's confident match (reconcile/suggest.h): suggested whatever its
// probability, so it counts at every threshold of the curve.
bool Confident(const std::string& reasons) {
  return (reasons.find(";name=same:") != std::string::npos ||
          reasons.find(";name=diacritics:") != std::string::npos) &&
         reasons.find(";birth_date=same:") != std::string::npos &&
         reasons.find(";gender=same:") != std::string::npos;
}

int Fail(const cardex::Status& s) {
  std::fprintf(stderr, "error: %s\n", s.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t members = 20000, citizens = 200000;
  uint64_t seed = 1;
  std::string dir = "build/bench-suggestions";
  bool keep_db = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--members") members = std::stoll(argv[i + 1]);
    if (a == "--citizens") citizens = std::stoll(argv[i + 1]);
    if (a == "--seed") seed = std::stoull(argv[i + 1]);
    if (a == "--dir") dir = argv[i + 1];
    if (a == "--keep-db") keep_db = std::string(argv[i + 1]) == "1";
  }
  const std::string data = dir + "/data-" + std::to_string(members) + "-" +
                           std::to_string(citizens) + "-" + std::to_string(seed);
  if (!std::filesystem::exists(data + "/truth.csv")) {
    cardex::gen::GenOptions o;
    o.members = members;
    o.citizens = citizens;
    o.seed = seed;
    if (auto s = cardex::gen::Generate(o, data); !s.ok()) return Fail(s);
  }
  const std::string db = data + "/cardex.db";
  // --keep-db 1: reuse the imported database of an earlier run (the 20M
  // registry takes minutes to import); the run replaces every result.
  const bool reuse = keep_db && std::filesystem::exists(db);
  if (!reuse) {
    std::filesystem::remove(db);
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");
  }
  auto store = cardex::OpenStore(db);
  if (!store.ok()) return Fail(store.status());
  if (auto s = (*store)->Migrate(); !s.ok()) return Fail(s);
  for (auto kind : {cardex::RecordKind::kUnits, cardex::RecordKind::kMembers,
                    cardex::RecordKind::kCitizens}) {
    if (reuse) break;
    auto r = cardex::ImportFile(**store, kind,
                                data + "/" + std::string(cardex::RecordKindName(kind)) + ".csv");
    if (!r.ok()) return Fail(r.status());
  }
  cardex::StoreOptions ro;
  ro.read_only = true;
  auto r1 = cardex::OpenStore(db, ro);
  auto r2 = cardex::OpenStore(db, ro);
  auto registry = cardex::reconcile::MakeStoreRegistry(**store, std::move(r1).value(),
                                                       std::move(r2).value());
  cardex::reconcile::ReconcileOptions options;
  options.full = true;
  options.report_path = data + "/report.csv";
  options.suggestion_min_probability = 0.5;
  options.suggestion_min_margin_bits = 0;
  const auto t0 = std::chrono::steady_clock::now();
  auto summary = cardex::reconcile::Reconcile(**store, *registry, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!summary.ok()) return Fail(summary.status());

  const Rows report = Load(options.report_path), truth = Load(data + "/truth.csv"),
             member_rows = Load(data + "/members.csv"), citizen_rows = Load(data + "/citizens.csv");
  std::unordered_map<std::string, size_t> citizen_at;
  for (size_t i = 0; i < citizen_rows.size(); ++i) citizen_at[citizen_rows[i][0]] = i;
  size_t verdicts_same = 0, wanted = 0, old_right = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    verdicts_same += report[i][1] == truth[i][1] && report[i][2] == truth[i][2];
    if (truth[i][3].empty()) continue;
    ++wanted;
    const auto& m = member_rows[i];
    const auto& c = citizen_rows[citizen_at[truth[i][3]]];
    old_right += cardex::IsConfidentMatch({m[1], m[2], m[3], m[4]}, {c[1], c[2], c[3], c[5]});
  }
  std::printf("%lld members, %lld citizens, seed %llu: reconcile %.2f s, %lld suggestions asked "
              "for, verdicts %.3f %% as truth\n\n",
              static_cast<long long>(members), static_cast<long long>(citizens),
              static_cast<unsigned long long>(seed), seconds,
              static_cast<long long>(summary->suggestions),
              100.0 * static_cast<double>(verdicts_same) / static_cast<double>(truth.size()));
  std::printf("| rule | min probability | suggestions | right | wrong | precision | recall |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  std::printf("| exact (before) | | %zu | %zu | 0 | 100.00 %% | %.2f %% |\n", old_right, old_right,
              wanted ? 100.0 * static_cast<double>(old_right) / static_cast<double>(wanted) : 0);
  for (double t : {0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, 0.999999}) {
    size_t made = 0, right = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
      if (report[i][3].empty() || (std::stod(report[i][4]) < t && !Confident(report[i][5]))) {
        continue;
      }
      ++made;
      right += report[i][3] == truth[i][3];
    }
    std::printf("| Fellegi-Sunter | %g | %zu | %zu | %zu | %.2f %% | %.2f %% |\n", t, made, right,
                made - right,
                made ? 100.0 * static_cast<double>(right) / static_cast<double>(made) : 100.0,
                wanted ? 100.0 * static_cast<double>(right) / static_cast<double>(wanted) : 0);
  }
  // Recall per injected kind at the default threshold, and the misses.
  const double t = cardex::reconcile::ReconcileOptions{}.suggestion_min_probability;
  std::map<std::string, std::pair<int, int>> by_kind;  // kind -> (right, wanted)
  int shown = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    if (truth[i][3].empty() && report[i][3].empty()) continue;
    const bool made =
        !report[i][3].empty() && (std::stod(report[i][4]) >= t || Confident(report[i][5]));
    const bool right = made && report[i][3] == truth[i][3];
    if (!truth[i][3].empty()) {
      auto& k = by_kind[truth[i][4]];
      k.second++;
      k.first += right;
    }
    if ((made && !right) || (!made && !truth[i][3].empty())) {
      if (shown++ < 40) {
        std::fprintf(stderr, "%s %s: truth %s got %s p=%s %s | %s %s\n", truth[i][0].c_str(),
                     truth[i][4].c_str(), truth[i][3].c_str(), report[i][3].c_str(),
                     report[i][4].c_str(), report[i][5].c_str(), member_rows[i][2].c_str(),
                     member_rows[i][3].c_str());
      }
    }
  }
  std::printf("\n| injected (members with a right answer) | right | of | recall |\n");
  std::printf("| --- | ---: | ---: | ---: |\n");
  for (const auto& [kind, k] : by_kind) {
    std::printf("| %s | %d | %d | %.1f %% |\n", kind.c_str(), k.first, k.second,
                100.0 * k.first / k.second);
  }
  return 0;
}
