// Synthetic campaign data in the public formats of formats.md, with a truth
// file: what `cardex gen` writes.
//
// Generate() writes into `out_dir` (created when missing; files replaced):
//
//   units.csv, members.csv, citizens.csv, stations.csv, shifts.csv
//       exactly the columns of formats.md;
//   truth.csv
//       member_no,verdict,fields,suggested_citizen_id,injected,intended_citizen_id
//       The first three columns are the reconciliation report that formats.md's
//       rules give for members.csv against citizens.csv, in member_no order:
//       a correct `cardex reconcile` reproduces them byte for byte.
//       `suggested_citizen_id` is the right suggestion (see the suggestion
//       rule below): what a perfect matcher would suggest; a real one is
//       scored against it by precision and recall. `injected` names the
//       errors the generator put into the member's record, joined by ';'
//       ("none" for a clean record); see InjectedErrorNames().
//       `intended_citizen_id` is the person the record is about, empty when
//       that person is not in the registry.
//
// Contract:
//   - Deterministic: the same options (seed included) give byte-identical
//     files, whatever the machine.
//   - Streaming: memory stays bounded by the unit tree, small tables and one
//     entry per member whose verdict asks for a suggestion (invalid_id,
//     id_not_found, wrong_person); never by the number of citizens. National
//     scale (5.6 million members, 100 million citizens) fits in well under
//     1 GiB.
//   - Citizen ids are unique, well formed and agree with the citizen's gender
//     and birth year. Registry names are NFC with diacritics. Members are
//     adults (born 1930-2006); the registry also holds children.
//   - Every member's unit is a cell. members.csv is in member_no order
//     (member_no is 8 digits, so text and number order agree).
//   - The suggestion rule (for members whose verdict asks for one): the
//     intended citizen, when alive, not already named by the recorded id,
//     and the only living citizen with that citizen's folded name, gender
//     and birth date; empty otherwise (namesakes born the same day are
//     injected on purpose). The record may carry typos (src/gen/typos.cc
//     states the kinds and rates): finding the person through them is the
//     matcher's work.
//
// Thread safety: Generate() may run concurrently for different out_dirs.
#ifndef CARDEX_GEN_GENERATOR_H_
#define CARDEX_GEN_GENERATOR_H_

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/core/verdict.h"

namespace cardex::gen {

enum class Preset {
  // Provinces with population-like weights, communes of about
  // `members_per_commune` members, cells of about 20-150 members.
  kGeneric,
  // Lâm Đồng as the news report describes it (domain.md): Hàm Tiến with 47
  // cells and 746 members; Hàm Thạnh with 365 official members, served by the
  // Hàm Thuận Nam station; Hàm Liêm with 875; Liên Hương 1,699, Tuy Phong and
  // Vĩnh Hảo, 3,539 together, served by the Liên Hương station; and more of
  // the province's 124 communes and wards up to `members`. The named
  // communes' members are all alive (their figures are members to exchange
  // a card); 3 % of each commune's members are probationary (Hàm Thạnh: 12).
  kLamDong,
};

// "generic" or "lam-dong"; kInvalidArgument naming the choices otherwise.
Result<Preset> ParsePreset(std::string_view name);

struct GenOptions {
  Preset preset = Preset::kGeneric;
  uint64_t seed = 1;
  // Total members. 0 means the preset's default: lam-dong 100,000; generic
  // 10,000. lam-dong needs at least 8,000 (its named communes hold 6,737).
  int64_t members = 0;
  // Citizens in the registry extract; 0 means 10 x members. About 28 % are
  // children, so it must be at least about 1.39 x members (checked; the
  // error gives the least number that works).
  int64_t citizens = 0;
  // Generic preset: average members of one commune.
  int members_per_commune = 1700;
  // Shifts are written for every day from `from` to `to` inclusive
  // (YYYY-MM-DD).
  std::string from = "2025-08-05";
  std::string to = "2025-08-14";
};

// The verdicts of formats.md (core/verdict.h): the truth file speaks the
// same vocabulary as reconciliation.
using ::cardex::kVerdictCount;
using ::cardex::Verdict;
using ::cardex::VerdictName;

// The names the `injected` column uses, in the order they are listed.
std::span<const std::string_view> InjectedErrorNames();

struct GenSummary {
  int64_t units = 0;
  int64_t members = 0;
  int64_t citizens = 0;
  int64_t stations = 0;
  int64_t shifts = 0;
  // Members per verdict, indexed by Verdict.
  std::array<int64_t, kVerdictCount> verdicts{};
  // Members whose truth row carries a suggested_citizen_id.
  int64_t suggestions = 0;
};

// Called now and then from the generating thread: when a stage starts (done
// == 0), about every 65,536 rows, and when it ends (done == total). Stages,
// in order: "duplicates" (a quick pass over the members' ids), "members",
// "citizens", "truth"; `total` is the stage's row count.
using ProgressFn = std::function<void(std::string_view stage, int64_t done, int64_t total)>;

// Writes the six files. kInvalidArgument for options that cannot be met (the
// message says which and why), kIoError when a file cannot be written. On
// failure the files already finished stay; none is left half written.
Status Generate(const GenOptions& options, const std::string& out_dir,
                const ProgressFn& progress = nullptr, GenSummary* summary = nullptr);

}  // namespace cardex::gen

#endif  // CARDEX_GEN_GENERATOR_H_
