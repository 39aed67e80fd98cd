// Generate(): the passes over members and citizens that write the files.
//
//   1. members, ids only: count the tampered citizen_ids (for duplicate_id);
//   2. members.csv: evaluate each member, remember those wanting a suggestion;
//   3. citizens.csv: while writing, count each remembered member's confident
//      matches among the living citizens;
//   4. truth.csv: evaluate again (records are pure functions of their index)
//      and add the suggestions.
#include "cardex/gen/generator.h"

#include <filesystem>
#include <memory>
#include <system_error>

#include "cardex/io/csv.h"
#include "gen/calendar.h"
#include "gen/output.h"
#include "gen/truth.h"
#include "gen/world.h"

namespace cardex::gen {
namespace {

constexpr int64_t kProgressEvery = 1 << 16;

constexpr std::string_view kInjectedNames[] = {
    "nfd",
    "upper",
    "no_diacritics",
    "nbsp_spaces",
    "partial_date_year",
    "partial_date_month",
    "diacritic_swap",
    "dropped_middle",
    "swapped_order",
    "dob_typo",
    "gender_wrong",
    "id_typo_digit",
    "id_transposed",
    "id_missing_leading_zero",
    "id_unknown_province",
    "id_of_other_person",
    "duplicate_of",
    "not_in_registry",
    "deceased",
    "letter_dropped",
    "letter_doubled",
    "words_swapped",
    "day_month_swapped",
    "year_digit",
    "ocr_confusion",
    "nickname",
};

std::string InjectedText(uint32_t bits) {
  std::string out;
  for (size_t b = 0; b < std::size(kInjectedNames); ++b) {
    if (bits & (1u << b)) {
      if (!out.empty()) out.push_back(';');
      out.append(kInjectedNames[b]);
    }
  }
  return out.empty() ? "none" : out;
}

class Progress {
 public:
  Progress(const ProgressFn& fn, std::string_view stage, int64_t total)
      : fn_(fn), stage_(stage), total_(total) {}
  void Tick(int64_t done) {
    if (fn_ && (done % kProgressEvery == 0)) fn_(stage_, done, total_);
  }
  void Done() {
    if (fn_) fn_(stage_, total_, total_);
  }

 private:
  const ProgressFn& fn_;
  std::string_view stage_;
  int64_t total_;
};

Status CountDuplicates(const World& world, const ProgressFn& fn, DuplicateCounts* duplicates) {
  Progress progress(fn, "duplicates", world.members());
  for (int64_t k = 0; k < world.members(); ++k) {
    progress.Tick(k);
    if (world.IdErrorOf(k) != IdError::kNone) duplicates->Add(world.Member(k));
  }
  progress.Done();
  return Status::Ok();
}

Status WriteMembers(const World& world, const std::string& path, const ProgressFn& fn,
                    const DuplicateCounts& duplicates, SuggestionIndex* suggestions) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(out->WriteRow({"member_no", "citizen_id", "full_name", "birth_date",
                                        "gender", "unit_code", "status", "phone", "home_visit"}));
  Progress progress(fn, "members", world.members());
  for (int64_t k = 0; k < world.members(); ++k) {
    progress.Tick(k);
    const MemberRecord m = world.Member(k);
    const char gender[1] = {m.gender};
    CARDEX_RETURN_IF_ERROR(out->WriteRow(
        {m.member_no, m.citizen_id, m.full_name, m.birth_date, std::string_view(gender, 1),
         world.plan().cells[m.cell].code, m.official ? "official" : "probationary", m.phone,
         m.home_visit ? "1" : ""}));
    if (Evaluate(world, m, duplicates).wants_suggestion()) suggestions->Add(world, m);
  }
  progress.Done();
  return out->Close();
}

Status WriteCitizens(const World& world, const std::string& path, const ProgressFn& fn,
                     SuggestionIndex* suggestions) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(
      out->WriteRow({"citizen_id", "full_name", "birth_date", "gender", "origin", "deceased_on"}));
  Progress progress(fn, "citizens", world.citizens());
  std::string name, origin;
  char birth[10], death[10];
  for (int64_t i = 0; i < world.citizens(); ++i) {
    progress.Tick(i);
    const CitizenRecord c = world.Citizen(i);
    name.clear();
    world.AppendName(c.person.name, &name);
    origin.clear();
    world.AppendOrigin(c, &origin);
    FormatDate(CivilFromDays(c.person.birth_days), birth);
    const bool dead = c.deceased_days != kAlive;
    if (dead) FormatDate(CivilFromDays(c.deceased_days), death);
    const char gender[1] = {c.person.gender};
    CARDEX_RETURN_IF_ERROR(out->WriteRow({std::string_view(c.id, 12), name,
                                          std::string_view(birth, 10), std::string_view(gender, 1),
                                          origin, dead ? std::string_view(death, 10) : ""}));
    if (!suggestions->empty()) suggestions->Observe(world, c);
  }
  progress.Done();
  return out->Close();
}

Status WriteTruth(const World& world, const std::string& path, const ProgressFn& fn,
                  const DuplicateCounts& duplicates, const SuggestionIndex& suggestions,
                  GenSummary* summary) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(
      out->WriteRow({"member_no", "verdict", "fields", "suggested_citizen_id", "injected",
                     "intended_citizen_id"}));
  Progress progress(fn, "truth", world.members());
  for (int64_t k = 0; k < world.members(); ++k) {
    progress.Tick(k);
    const MemberRecord m = world.Member(k);
    const Evaluation e = Evaluate(world, m, duplicates);
    const std::string suggestion =
        e.wants_suggestion() ? suggestions.SuggestionFor(world, k) : std::string();
    std::string intended;
    if (m.intended >= 0) {
      intended.assign(12, '0');
      Registry::WriteId(world.registry().At(m.intended), intended.data());
    }
    CARDEX_RETURN_IF_ERROR(out->WriteRow({m.member_no, VerdictName(e.verdict), FieldsText(e.fields),
                                          suggestion, InjectedText(m.injected), intended}));
    ++summary->verdicts[static_cast<int>(e.verdict)];
    if (!suggestion.empty()) ++summary->suggestions;
  }
  progress.Done();
  return out->Close();
}

}  // namespace

Result<Preset> ParsePreset(std::string_view name) {
  if (name == "generic") return Preset::kGeneric;
  if (name == "lam-dong") return Preset::kLamDong;
  return Status::InvalidArgument("unknown preset; expected generic or lam-dong");
}

std::span<const std::string_view> InjectedErrorNames() { return kInjectedNames; }

Status Generate(const GenOptions& options, const std::string& out_dir, const ProgressFn& progress,
                GenSummary* summary) {
  GenSummary local;
  if (summary == nullptr) summary = &local;
  *summary = GenSummary{};
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Status::IoError("cannot create " + out_dir + ": " + ec.message());
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<World> world, World::Build(options));
  const std::filesystem::path dir(out_dir);
  auto path = [&](const char* name) { return (dir / name).string(); };

  CARDEX_RETURN_IF_ERROR(WriteUnits(*world, path("units.csv"), &summary->units));
  CARDEX_RETURN_IF_ERROR(WriteStations(*world, path("stations.csv"), &summary->stations));
  CARDEX_RETURN_IF_ERROR(WriteShifts(*world, path("shifts.csv"), &summary->shifts));

  DuplicateCounts duplicates;
  SuggestionIndex suggestions;
  CARDEX_RETURN_IF_ERROR(CountDuplicates(*world, progress, &duplicates));
  CARDEX_RETURN_IF_ERROR(
      WriteMembers(*world, path("members.csv"), progress, duplicates, &suggestions));
  summary->members = world->members();
  CARDEX_RETURN_IF_ERROR(WriteCitizens(*world, path("citizens.csv"), progress, &suggestions));
  summary->citizens = world->citizens();
  return WriteTruth(*world, path("truth.csv"), progress, duplicates, suggestions, summary);
}

}  // namespace cardex::gen
