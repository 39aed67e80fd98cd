#include "demo_builder.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <random>
#include <tuple>
#include <unordered_map>

#include <unistd.h>

#include <cstdlib>

#include <zlib.h>

#include "cardex/auth/accounts.h"
#include "cardex/notices/notices.h"
#include "cardex/groups/groups.h"
#include "cardex/cards/cards.h"
#include "cardex/cards/signing_key.h"
#include "cardex/gen/generator.h"
#include "cardex/ingest/import.h"
#include "cardex/intake/booking.h"
#include "cardex/intake/desk.h"
#include "cardex/intake/exchange.h"
#include "cardex/intake/photo.h"
#include "cardex/plan/appointments.h"
#include "cardex/plan/plan_io.h"
#include "cardex/plan/schedule.h"
#include "cardex/progress/daily.h"
#include "cardex/reconcile/reconcile.h"
#include "cardex/reconcile/registry.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/store/atomically.h"

namespace cardex::cli {

namespace {

// FNV-1a: outcomes that depend only on the member number, on every platform.
uint64_t Fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void Be32(std::string* out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<char>((v >> s) & 0xFF));
}

void Chunk(std::string* png, std::string_view type, std::string_view data) {
  Be32(png, static_cast<uint32_t>(data.size()));
  std::string body(type);
  body += data;
  png->append(body);
  Be32(png, Crc32(body));
}

// A real (if plain) grey portrait placeholder, 120×160, as a PNG with an
// zlib stream: the desk shows it like any upload.
std::string PortraitPng(uint64_t seed) {
  const int w = 120, h = 160;
  std::string raw;
  for (int y = 0; y < h; ++y) {
    raw.push_back('\0');  // filter: none
    for (int x = 0; x < w; ++x) {
      int dx = x - w / 2, dy = y - h / 3;
      bool head = dx * dx + dy * dy < 28 * 28;
      bool body = y > h / 2 + 10 && std::abs(dx) < 45 - (h - y) / 4;
      raw.push_back(static_cast<char>(head || body ? 90 + seed % 60 : 225));
    }
  }
  uLongf size = compressBound(raw.size());
  std::string z(size, '\0');
  compress2(reinterpret_cast<Bytef*>(z.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
            raw.size(), 9);
  z.resize(size);
  std::string png("\x89PNG\r\n\x1a\n", 8), ihdr;
  Be32(&ihdr, w);
  Be32(&ihdr, h);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit greyscale
  Chunk(&png, "IHDR", ihdr);
  Chunk(&png, "IDAT", z);
  Chunk(&png, "IEND", "");
  return png;
}

// Local "YYYY-MM-DDTHH:MM" (Vietnam, UTC+7) plus `minutes` → UTC step time.
std::string UtcAt(const std::string& local_slot, int minutes) {
  auto local = plan::ParseLocalMinute(local_slot);
  int64_t m = (local.ok() ? *local : 0) + minutes - 7 * 60;
  return plan::FormatLocalMinute(m) + ":00Z";
}

struct Lived {
  std::string member_no, slot_start, station, mode;
};

class Simulator {
 public:
  Simulator(Store& store, DemoSummary* summary) : store_(store), summary_(summary) {}

  Status Step(const Lived& a, ExchangeStep step, int minute, std::string reason = "",
              std::string note = "") {
    intake::StepRequest r;
    r.member_no = a.member_no;
    r.step = step;
    r.reason = std::move(reason);
    r.note = std::move(note);
    r.station_code = a.station;
    r.actor = a.mode == "home_visit" ? "mobile-team" : "canbo";
    r.at = UtcAt(a.slot_start, minute);
    CARDEX_RETURN_IF_ERROR(intake::ApplyStep(store_, r).status());
    ++summary_->steps;
    return Status::Ok();
  }

  Status Live(const Lived& a, bool data_wrong) {
    const uint64_t r = Fnv(a.member_no) % 100;
    if (a.mode == "station" && r < 4) {
      ++summary_->exceptions;
      return Step(a, ExchangeStep::kMarkAbsent, 30, "absent", "did not come");
    }
    if (a.mode == "station" && r < 6) {
      CARDEX_RETURN_IF_ERROR(Step(a, ExchangeStep::kCheckIn, 0));
      ++summary_->exceptions;
      return Step(a, ExchangeStep::kMarkAbsent, 2, "busy", "called away to work");
    }
    if (a.mode == "station" && r < 8) {
      ++summary_->exceptions;
      return Step(a, ExchangeStep::kMarkIll, 0, "ill", "family reports illness");
    }
    CARDEX_RETURN_IF_ERROR(Step(a, ExchangeStep::kCheckIn, 0));
    if (data_wrong) {
      ++summary_->exceptions;
      return Step(a, ExchangeStep::kMarkWrongData, 3, "wrong_data",
                  "Thông tin trên thẻ căn cước khác hồ sơ đảng viên");
    }
    CARDEX_RETURN_IF_ERROR(Step(a, ExchangeStep::kCapture, 2));
    std::string png = PortraitPng(Fnv(a.member_no));
    auto info = intake::InspectPhoto(png);
    if (!info.ok()) return info.status();
    CARDEX_RETURN_IF_ERROR(
        intake::StorePhoto(store_, a.member_no, png, *info, "canbo", UtcAt(a.slot_start, 2)));
    CARDEX_RETURN_IF_ERROR(Step(a, ExchangeStep::kConfirm, 4));
    CARDEX_RETURN_IF_ERROR(Step(a, ExchangeStep::kSubmit, 5));
    ++summary_->submitted;
    return Status::Ok();
  }

 private:
  Store& store_;
  DemoSummary* summary_;
};

Status ImportAll(Store& store, const std::string& dir) {
  const std::pair<RecordKind, const char*> files[] = {{RecordKind::kUnits, "units.csv"},
                                                      {RecordKind::kStations, "stations.csv"},
                                                      {RecordKind::kShifts, "shifts.csv"},
                                                      {RecordKind::kMembers, "members.csv"},
                                                      {RecordKind::kCitizens, "citizens.csv"}};
  for (const auto& [kind, name] : files) {
    CARDEX_ASSIGN_OR_RETURN(ImportResult r, ImportFile(store, kind, dir + "/" + name));
    if (!r.ok()) return Status::Internal("the generated " + std::string(name) + " was refused: " + r.errors[0]);
  }
  return Status::Ok();
}

Status PlanWindow(Store& store, Date from, Date to, DemoSummary* summary) {
  CARDEX_ASSIGN_OR_RETURN(plan::PlanInput input, plan::LoadPlanInput(store, from, to));
  CARDEX_ASSIGN_OR_RETURN(plan::PlanOutput output, plan::Plan(input));
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  CARDEX_ASSIGN_OR_RETURN(plan::InvitationKey key, plan::LoadInvitationKey(store));
  CARDEX_ASSIGN_OR_RETURN(int64_t run, store.NextPlanRun());
  auto rows = plan::ToStoredAppointments(input, output, key, run);
  summary->appointments = static_cast<int64_t>(rows.size());
  CARDEX_RETURN_IF_ERROR(store.ReplaceAppointments(rows));
  CARDEX_RETURN_IF_ERROR(progress::SaveCampaignWindow(store, from, to));
  return tx.Commit();
}

Status CreateAccounts(Store& store, const DemoOptions& o, DemoSummary* summary) {
  summary->accounts = DemoAccounts();
  for (const DemoAccount& a : summary->accounts) {
    // The display name is the Vietnamese half of "vi / en": pages show it in
    // their header whatever their language, like any person's name.
    NewUser u{a.login, a.what.substr(0, a.what.find(" / ")), *ParseRole(a.role), a.scope};
    CARDEX_RETURN_IF_ERROR(CreateUser(store, u, o.password, "demo", Clock::now()));
  }
  return Status::Ok();
}

// Two working groups over the province's first communes (Hàm Thạnh
// excepted, so that `tokiemtra`, an inspector of Hàm Thạnh, sees the
// others through the group only), one inspection with two follow-ups.
Status CreateGroups(Store& store, const DemoOptions& o) {
  std::vector<std::string> communes;
  CARDEX_RETURN_IF_ERROR(store.ScanUnits([&](const Unit& u) {
    if (u.kind == "commune" && u.code != "LD.HAMTHANH" && communes.size() < 6) communes.push_back(u.code);
    return Status::Ok();
  }));
  if (communes.size() < 2) return Status::Ok();
  const std::string at = FormatUtc(Clock::now());
  const std::string yesterday = Date::FromDays(o.today.days() - 1).ToString();
  return groups::Atomically(store, [&]() -> Status {
    CARDEX_RETURN_IF_ERROR(groups::DefineGroup(
        store, {"TKT01", "Tổ kiểm tra số 1", "Đ/c Nguyễn Văn Hùng", "LD", {}, {}}, "demo", at));
    CARDEX_RETURN_IF_ERROR(groups::DefineGroup(
        store, {"TKT02", "Tổ kiểm tra số 2", "Đ/c Trần Thị Mai", "LD", {}, {}}, "demo", at));
    for (size_t i = 0; i < communes.size(); ++i) {
      CARDEX_RETURN_IF_ERROR(groups::AssignUnit(store, i % 2 == 0 ? "TKT01" : "TKT02",
                                                communes[i], "demo", at));
    }
    CARDEX_RETURN_IF_ERROR(groups::AddMember(store, "TKT01", "tokiemtra", "demo", at));
    CARDEX_RETURN_IF_ERROR(groups::AddMember(store, "TKT02", "thanhtra", "demo", at));
    groups::Inspection in;
    in.group_code = "TKT01";
    in.unit_code = communes[0];
    in.inspected_on = yesterday;
    in.findings = "Điểm tiếp nhận đông vào buổi sáng; 12 đảng viên chưa được mời lại sau khi vắng.";
    groups::FollowUp invite;
    invite.text = "Gửi giấy mời bổ sung cho 12 đảng viên vắng";
    invite.owner = "tokiemtra";
    invite.due_on = Date::FromDays(o.today.days() + 2).ToString();
    groups::FollowUp desks;
    desks.text = "Bố trí thêm một bàn tiếp nhận buổi sáng";
    desks.owner = "tinh";
    desks.due_on = o.today.ToString();
    in.follow_ups = {invite, desks};
    CARDEX_ASSIGN_OR_RETURN(groups::Inspection recorded,
                            groups::RecordInspection(store, in, "tokiemtra", at));
    return groups::CloseFollowUp(store, recorded.follow_ups[1].id, "tinh", at);
  });
}

}  // namespace

std::vector<DemoAccount> DemoAccounts() {
  return {
      {"admin", "administrator", "", "quản trị hệ thống / administrator"},
      {"tinh", "province_coordinator", "LD", "Ban Tổ chức Tỉnh ủy / province coordinator"},
      {"hamthanh", "commune_officer", "LD.HAMTHANH", "Đảng ủy xã Hàm Thạnh / commune officer"},
      {"chibo", "cell_secretary", "LD.HAMTHANH.C01", "Bí thư chi bộ / cell secretary"},
      {"canbo", "station_officer", "CA.HAMTHUANNAM", "Công an xã Hàm Thuận Nam / station desk"},
      {"thanhtra", "inspector", "LD", "Đoàn kiểm tra / inspection group (read-only)"},
      {"tokiemtra", "inspector", "LD.HAMTHANH",
       "Thành viên Tổ kiểm tra số 1 / working group member (its communes, its follow-ups)"}};
}

Result<DemoSummary> BuildDemo(Store& store, const DemoOptions& o, const DemoProgress& progress) {
  auto say = [&](std::string_view stage) {
    if (progress) progress(stage);
  };
  CARDEX_ASSIGN_OR_RETURN(int64_t existing, store.Count(RecordKind::kMembers));
  if (existing > 0) {
    return Status::FailedPrecondition("the database already holds members; demo builds a fresh one");
  }
  DemoSummary summary;
  const Date from = Date::FromDays(o.today.days() - o.days_lived);
  const Date to = Date::FromDays(from.days() + o.window_days - 1);
  summary.from = from.ToString();
  summary.to = to.ToString();

  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("cardex-demo-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::create_directories(dir, ec);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } cleanup{dir};

  say("generating Lâm Đồng");
  gen::GenOptions g;
  g.preset = gen::Preset::kLamDong;
  g.members = o.members;
  g.seed = o.seed;
  g.from = summary.from;
  g.to = summary.to;
  CARDEX_RETURN_IF_ERROR(gen::Generate(g, dir.string()));
  say("importing");
  CARDEX_RETURN_IF_ERROR(ImportAll(store, dir.string()));
  CARDEX_ASSIGN_OR_RETURN(summary.members, store.Count(RecordKind::kMembers));

  say("reconciling with the registry");
  auto registry = reconcile::MakeStoreRegistry(store);
  reconcile::ReconcileOptions ro;
  ro.full = true;
  CARDEX_RETURN_IF_ERROR(reconcile::Reconcile(store, *registry, ro).status());
  // The communes standardised their members' form-only differences, all
  // but Hàm Thạnh, whose officer has them waiting on the web work list.
  const Status standardised = Atomically(store, [&]() -> Status {
    std::vector<std::string> communes;
    CARDEX_RETURN_IF_ERROR(store.ScanUnits([&](const Unit& u) {
      if (u.kind == "commune" && u.code != "LD.HAMTHANH") communes.push_back(u.code);
      return Status::Ok();
    }));
    for (const std::string& c : communes) {
      CARDEX_RETURN_IF_ERROR(reconcile::ApplyAllFixableInTransaction(store, c, "demo").status());
    }
    return Status::Ok();
  });
  CARDEX_RETURN_IF_ERROR(standardised);

  say("planning " + summary.from + " – " + summary.to);
  CARDEX_RETURN_IF_ERROR(PlanWindow(store, from, to, &summary));

  // Members whose record still disagrees with the registry are sent back at
  // the desk, as in Hàm Thạnh.
  CARDEX_ASSIGN_OR_RETURN(const std::vector<std::string> wrong, reconcile::UnresolvedDifferences(store));
  std::unordered_map<std::string, bool> data_wrong;
  for (const std::string& member_no : wrong) data_wrong[member_no] = true;

  Simulator sim(store, &summary);
  for (int d = 0; d < o.days_lived; ++d) {
    const std::string day = Date::FromDays(from.days() + d).ToString();
    say("living through " + day);
    // The day's appointments are read whole before the day is lived: its
    // steps change their status.
    std::vector<Lived> appts;
    AppointmentFilter on_day;
    on_day.date = day;
    CARDEX_RETURN_IF_ERROR(store.ScanAppointments(on_day, [&](const StoredAppointment& a) {
      appts.push_back(Lived{a.member_no, a.slot_start, a.station_code, a.mode});
      return Status::Ok();
    }));
    // In slot and member order, as the members come.
    std::stable_sort(appts.begin(), appts.end(), [](const Lived& x, const Lived& y) {
      return std::tie(x.slot_start, x.member_no) < std::tie(y.slot_start, y.member_no);
    });
    Transaction tx(store);
    CARDEX_RETURN_IF_ERROR(tx.Begin());
    for (const Lived& a : appts) CARDEX_RETURN_IF_ERROR(sim.Live(a, data_wrong.count(a.member_no) > 0));
    CARDEX_RETURN_IF_ERROR(tx.Commit());
  }

  // Half of those sent home booked a catch-up slot from today on.
  say("booking catch-up slots");
  CARDEX_ASSIGN_OR_RETURN(const std::vector<std::string> resched,
                          intake::MembersInState(store, ExchangeState::kRescheduled));
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  for (size_t i = 0; i < resched.size(); i += 2) {
    intake::BookingRequest b{resched[i], "", o.today.ToString() + "T07:00",
                             "chibo", UtcAt(o.today.ToString() + "T07:00", -60)};
    auto booked = intake::BookCatchUp(store, b);
    if (!booked.ok() && booked.status().code() != StatusCode::kNotFound) return booked.status();
  }
  CARDEX_RETURN_IF_ERROR(tx.Commit());

  // Cards for what was submitted: every commune's batch produced, the
  // first half delivered, a third of those handed over at the desk.
  say("producing and delivering cards");
  CARDEX_ASSIGN_OR_RETURN(cards::SigningKey key, cards::LoadOrCreateStoreKey(store, "demo"));
  std::vector<std::string> communes;
  CARDEX_RETURN_IF_ERROR(store.ScanUnits([&](const Unit& u) {
    if (u.kind == "commune") communes.push_back(u.code);
    return Status::Ok();
  }));
  const std::string yesterday = Date::FromDays(o.today.days() - 1).ToString();
  Transaction cards_tx(store);
  CARDEX_RETURN_IF_ERROR(cards_tx.Begin());
  int batch_no = 0;
  for (size_t i = 0; i < communes.size(); ++i) {
    cards::ProduceRequest req{communes[i], "tinh", UtcAt(yesterday + "T08:00", 0),
                              yesterday};
    CARDEX_ASSIGN_OR_RETURN(cards::BatchResult batch, cards::ProduceBatch(store, req, key));
    if (batch.batch_id.empty() || batch_no++ % 2 == 1) continue;
    CARDEX_RETURN_IF_ERROR(
        cards::DeliverBatch(store, batch.batch_id, "tinh", UtcAt(yesterday + "T15:00", 0)).status());
  }
  CARDEX_ASSIGN_OR_RETURN(const std::vector<cards::AwaitingHandOver> delivered,
                          cards::CardsAwaitingHandOver(store));
  for (const cards::AwaitingHandOver& d : delivered) {
    if (Fnv(d.member_no) % 3 != 0) continue;
    cards::HandOverRequest h{d.member_no, d.card_no, "canbo", UtcAt(o.today.ToString() + "T07:30", 0),
                             d.station_code};
    CARDEX_RETURN_IF_ERROR(cards::HandOver(store, h));
    ++summary.handed_over;
  }
  CARDEX_RETURN_IF_ERROR(cards_tx.Commit());

  say("creating the demonstration accounts");
  CARDEX_RETURN_IF_ERROR(CreateAccounts(store, o, &summary));
  say("defining working groups");
  CARDEX_RETURN_IF_ERROR(CreateGroups(store, o));
  // The notices due this morning, as the operator's morning run would
  // prepare them: a cell's page then lists only the members really not
  // reached (no mobile number, a refused number), not everyone.
  say("preparing the members' notices");
  notices::PrepareOptions notice_options;
  notice_options.now = UtcAt(o.today.ToString() + "T06:30", 0);
  CARDEX_RETURN_IF_ERROR(notices::PrepareNotices(store, notice_options).status());
  return summary;
}

}  // namespace cardex::cli
