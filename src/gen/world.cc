#include "gen/world.h"

#include <utility>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "gen/hash.h"

namespace cardex::gen {
namespace {

uint64_t Gcd(uint64_t a, uint64_t b) { return b == 0 ? a : Gcd(b, a % b); }

uint64_t InverseMod(uint64_t a, uint64_t m) {
  __int128 t = 0, new_t = 1, r = m, new_r = a % m;
  while (new_r != 0) {
    const __int128 q = r / new_r;
    t = std::exchange(new_t, t - q * new_t);
    r = std::exchange(new_r, r - q * new_r);
  }
  return static_cast<uint64_t>(t < 0 ? t + m : t);
}

uint64_t MulMod(uint64_t a, uint64_t b, uint64_t m) {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(a) * b % m);
}

}  // namespace

World::World(const GenOptions& options, Plan plan, Registry registry)
    : options_(options),
      plan_(std::move(plan)),
      registry_(std::move(registry)),
      names_(NameTables::Get()),
      citizen_seed_(StreamSeed(options.seed, Stream::kCitizen)),
      namesake_seed_(StreamSeed(options.seed, Stream::kNamesake)),
      member_seed_(StreamSeed(options.seed, Stream::kMember)),
      id_seed_(StreamSeed(options.seed, Stream::kMemberId)),
      substance_seed_(StreamSeed(options.seed, Stream::kMemberSubstance)),
      form_seed_(StreamSeed(options.seed, Stream::kMemberForm)),
      typo_seed_(StreamSeed(options.seed, Stream::kMemberTypo)) {}

Result<std::unique_ptr<World>> World::Build(const GenOptions& options) {
  int64_t members = options.members;
  if (members == 0) members = options.preset == Preset::kLamDong ? 100000 : 10000;
  if (members < 1) return Status::InvalidArgument("members must be positive");
  if (members > 90000000) return Status::InvalidArgument("at most 90,000,000 members");
  int64_t citizens = options.citizens == 0 ? 10 * members : options.citizens;
  if (citizens < 1) return Status::InvalidArgument("citizens must be positive");

  auto from = Date::Parse(options.from);
  if (!from.ok()) return from.status().WithContext("--from");
  auto to = Date::Parse(options.to);
  if (!to.ok()) return to.status().WithContext("--to");
  const int window_days = to->days() - from->days() + 1;
  if (window_days < 1 || window_days > 366) {
    return Status::InvalidArgument("the shift window must run forward, 1 to 366 days");
  }

  const std::vector<ProvinceWeight> weights =
      options.preset == Preset::kLamDong ? LamDongProvinceWeights() : NationalProvinceWeights();
  CARDEX_ASSIGN_OR_RETURN(Registry registry, Registry::Build(options.seed, citizens, weights));
  if (registry.adults() < members) {
    int64_t enough = members, high = 2 * members;  // adults are well over half
    while (enough < high) {
      const int64_t mid = enough + (high - enough) / 2;
      if (Registry::AdultsAmong(mid) >= members) {
        high = mid;
      } else {
        enough = mid + 1;
      }
    }
    return Status::InvalidArgument(
        "too few citizens: members are adults, about 72 % of citizens; give at least " +
        std::to_string(enough) + " citizens");
  }
  CARDEX_ASSIGN_OR_RETURN(Plan plan, MakePlan(options, members, window_days));

  std::unique_ptr<World> world(new World(options, std::move(plan), std::move(registry)));
  world->first_day_ = from->days();
  world->window_days_ = window_days;
  const uint64_t adults = static_cast<uint64_t>(world->registry_.adults());
  Draw d(StreamSeed(options.seed, Stream::kPermutation), 0);
  do {
    world->perm_mul_ = 1 + d.Below(adults);
  } while (adults > 1 && Gcd(world->perm_mul_, adults) != 1);
  if (adults <= 1) world->perm_mul_ = 1;
  world->perm_add_ = d.Below(adults);
  world->perm_inv_ = InverseMod(world->perm_mul_ % adults, adults);
  if (adults == 1) world->perm_inv_ = 0;
  if (options.preset == Preset::kLamDong) {
    for (int c = 0; c < kLamDongNamedCommunes; ++c) {
      world->named_members_ += world->plan_.communes[c].members;
    }
  }
  world->province_names_.assign(100, "");
  for (const Province& p : ProvinceTable()) world->province_names_[p.code] = std::string(p.name);
  for (int code = 0; code < 100; ++code) {
    if (world->province_names_[code].empty()) world->unknown_provinces_.push_back(code);
  }
  return world;
}

int64_t World::IntendedCitizen(int64_t k) const {
  const uint64_t adults = static_cast<uint64_t>(registry_.adults());
  return static_cast<int64_t>((MulMod(static_cast<uint64_t>(k), perm_mul_, adults) + perm_add_) %
                              adults);
}

int64_t World::MemberOfCitizen(int64_t i) const {
  if (i < 0 || i >= registry_.adults()) return -1;
  const uint64_t adults = static_cast<uint64_t>(registry_.adults());
  const uint64_t shifted = (static_cast<uint64_t>(i) + adults - perm_add_) % adults;
  const auto k = static_cast<int64_t>(MulMod(shifted, perm_inv_, adults));
  return k < members() ? k : -1;
}

IdError World::IdErrorOf(int64_t k) const {
  const double u = Draw(id_seed_, static_cast<uint64_t>(k)).Unit();
  // Rates of real lists: a missing leading zero (spreadsheets drop it) is
  // the most common id problem.
  if (u < 0.0080) return IdError::kMissingLeadingZero;
  if (u < 0.0125) return IdError::kTypoDigit;
  if (u < 0.0160) return IdError::kTransposed;
  if (u < 0.0180) return IdError::kUnknownProvince;
  if (u < 0.0210) return IdError::kOtherPerson;
  if (u < 0.0240) return IdError::kDuplicateOf;
  if (u < 0.0260) return IdError::kNotInRegistry;
  return IdError::kNone;
}

double World::NamesakeRate(int64_t source) const {
  const int64_t k = MemberOfCitizen(source);
  if (k < 0) return 0.002;
  switch (IdErrorOf(k)) {
    case IdError::kMissingLeadingZero:
    case IdError::kTypoDigit:
    case IdError::kTransposed:
    case IdError::kUnknownProvince:
    case IdError::kOtherPerson:
      // Members whose verdict asks for a suggestion: make some ambiguous.
      return 0.25;
    default:
      return 0.03;
  }
}

bool World::KeptAlive(int64_t citizen) const {
  if (named_members_ == 0) return false;
  const int64_t k = MemberOfCitizen(citizen);
  return k >= 0 && k < named_members_;
}

std::string World::CleanId(int64_t citizen) const {
  std::string id(12, '0');
  Registry::WriteId(registry_.At(citizen), id.data());
  return id;
}

}  // namespace cardex::gen
