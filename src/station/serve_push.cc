// The central's side of a push: each step applied once, in the station's
// order, through the ledger's ApplyStep (and intake's photo and booking),
// with its outcome recorded under (join_id, seq) in the same transaction.
// A step the rules refuse is held, a member another station served is a
// conflict: both are recorded, audited and acknowledged, never dropped.
#include <boost/json.hpp>

#include "cardex/core/exchange.h"
#include "cardex/intake/booking.h"
#include "cardex/intake/photo.h"
#include "cardex/ledger/exchange.h"
#include "cardex/ledger/outbox.h"
#include "cardex/station/sync.h"
#include "cardex/store/audit_chain.h"

namespace cardex::station {

namespace {

struct PushedStep {
  int64_t seq = 0, base_version = 0;
  std::string member_no, step, reason, note, station, actor, at, data_seen, photo_sha256, detail;
};

struct Outcome {
  std::string outcome, reason;
  std::string need_photo;  // set: nothing recorded, the station sends the photo first
};

Result<PushedStep> Decode(const boost::json::value& v) {
  if (!v.is_object()) return Status::InvalidArgument("push: a step is not an object");
  const auto& o = v.as_object();
  PushedStep s;
  auto text = [&](const char* name, std::string* out) -> Status {
    const auto* f = o.if_contains(name);
    if (!f || !f->is_string()) return Status::InvalidArgument(std::string("push: step field ") + name);
    *out = std::string(f->as_string());
    return Status::Ok();
  };
  for (auto [name, out] : {std::pair{"member_no", &s.member_no}, {"step", &s.step},
                           {"reason", &s.reason}, {"note", &s.note}, {"station", &s.station},
                           {"actor", &s.actor}, {"at", &s.at}, {"data_seen", &s.data_seen},
                           {"photo_sha256", &s.photo_sha256}, {"detail", &s.detail}}) {
    CARDEX_RETURN_IF_ERROR(text(name, out));
  }
  const auto* seq = o.if_contains("seq");
  const auto* base = o.if_contains("base_version");
  if (!seq || !seq->is_int64() || !base || !base->is_int64()) {
    return Status::InvalidArgument("push: step fields seq and base_version");
  }
  s.seq = seq->as_int64();
  s.base_version = base->as_int64();
  return s;
}

// The steps a station's desk takes; the others (cards) need the central.
bool IsDeskStep(ExchangeStep step) {
  switch (step) {
    case ExchangeStep::kCheckIn: case ExchangeStep::kCapture: case ExchangeStep::kConfirm:
    case ExchangeStep::kSubmit: case ExchangeStep::kMarkAbsent: case ExchangeStep::kMarkIll:
    case ExchangeStep::kMarkWrongData: case ExchangeStep::kClose: case ExchangeStep::kBook:
      return true;
    default:
      return false;
  }
}

// Applies the step itself, in the caller's transaction.
Status Take(Store& store, const PushedStep& s, ExchangeStep step, std::string* need_photo) {
  if (step == ExchangeStep::kBook) {
    intake::BookingRequest b{s.member_no, s.station, s.detail, s.actor, s.at};
    return intake::BookCatchUp(store, b).status();
  }
  if (step == ExchangeStep::kCapture && !s.photo_sha256.empty()) {
    CARDEX_ASSIGN_OR_RETURN(SqlRows photo, store.Query("SELECT bytes FROM sync_photos WHERE sha256 = ?",
                                                       {std::string_view(s.photo_sha256)}));
    if (photo.empty()) {
      *need_photo = s.photo_sha256;
      return Status::FailedPrecondition("photo not received yet");
    }
    std::string bytes = photo.Blob(0, 0);
    CARDEX_ASSIGN_OR_RETURN(intake::PhotoInfo info, intake::InspectPhoto(bytes));
    CARDEX_RETURN_IF_ERROR(
        intake::StorePhoto(store, s.member_no, bytes, info, s.actor, s.at, s.photo_sha256));
  }
  ledger::StepRequest r;
  r.member_no = s.member_no;
  r.step = step;
  r.reason = s.reason;
  r.note = s.note;
  r.station_code = s.station;
  r.actor = s.actor;
  r.at = s.at;
  r.expect_version = s.base_version;
  return ledger::ApplyStep(store, r).status();
}

// Why a step that could not be taken is held, or whose conflict it is.
Result<Outcome> Classify(Store& store, const PushedStep& s, const Status& why) {
  auto ex = ledger::GetExchange(store, s.member_no);
  // Served at a station meanwhile (another station, or another machine of
  // this one: the version moved without this copy): a second reception.
  if (ex.ok() && ex->version != s.base_version && !ex->station_code.empty()) {
    return Outcome{"conflict",
                   "member was already served at station " + ex->station_code + " (now " +
                       std::string(StateName(ex->state)) + ", by " + ex->updated_by + " at " +
                       ex->updated_at + ")",
                   ""};
  }
  if (ex.ok() && ex->version != s.base_version) {
    return Outcome{"held",
                   "member changed centrally since the station's copy (now " +
                       std::string(StateName(ex->state)) + ")",
                   ""};
  }
  return Outcome{"held", "refused by the exchange rules: " + why.message(), ""};
}

Status Record(Store& store, const SyncPeer& peer, const PushedStep& s, const Outcome& o,
              std::string_view now) {
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "INSERT INTO sync_steps (join_id, seq, station_code, member_no, step, actor, at, outcome, "
      "reason, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {peer.join_id, s.seq, peer.station_code, s.member_no, s.step, s.actor, s.at, o.outcome,
       o.reason, now}));
  if (o.outcome != "accepted") {
    AuditEntry audit{"", s.actor, "sync." + o.outcome, s.member_no,
                     "station " + peer.station_code + " step " + s.step + " #" + std::to_string(s.seq),
                     o.reason};
    CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  }
  return store.Exec("UPDATE sync_credentials SET acked_seq = ? WHERE join_id = ?",
                    {s.seq, peer.join_id});
}

Result<Outcome> ApplyOne(Store& store, const SyncPeer& peer, const PushedStep& s, std::string_view now) {
  {
    Transaction tx(store);
    CARDEX_RETURN_IF_ERROR(tx.Begin());
    CARDEX_ASSIGN_OR_RETURN(SqlRows seen, store.Query("SELECT outcome, reason FROM sync_steps "
                                                      "WHERE join_id = ? AND seq = ?",
                                                      {peer.join_id, s.seq}));
    if (!seen.empty()) return Outcome{std::string(seen.Text(0, 0)), std::string(seen.Text(0, 1)), ""};
    CARDEX_ASSIGN_OR_RETURN(SqlRows cred, store.Query("SELECT acked_seq FROM sync_credentials "
                                                      "WHERE join_id = ?",
                                                      {peer.join_id}));
    if (cred.empty()) return Status::Unauthenticated("unknown station credential");
    if (s.seq != cred.Int(0, 0) + 1) {
      return Status::FailedPrecondition("push: step " + std::to_string(s.seq) + " after " +
                                        std::to_string(cred.Int(0, 0)) +
                                        ": the outbox is pushed in order, without gaps");
    }
    Outcome early;
    std::optional<ExchangeStep> step = ParseStep(s.step);
    if (!step || !IsDeskStep(*step)) {
      early = {"held", "not a step a station takes offline: " + s.step, ""};
    } else {
      CARDEX_ASSIGN_OR_RETURN(
          SqlRows before, store.Query("SELECT seq FROM sync_steps WHERE join_id = ? AND member_no = ? "
                                      "AND outcome <> 'accepted' ORDER BY seq LIMIT 1",
                                      {peer.join_id, s.member_no}));
      if (!before.empty()) {
        early = {"held", "an earlier step of this member (#" + std::to_string(before.Int(0, 0)) +
                             ") was not accepted", ""};
      } else if (*step == ExchangeStep::kConfirm || *step == ExchangeStep::kSubmit) {
        CARDEX_ASSIGN_OR_RETURN(std::string data, ledger::MemberDataSeen(store, s.member_no));
        if (data != s.data_seen) {
          early = {"held", "the member's data was corrected centrally after the station's copy; "
                           "the member confirmed the old data", ""};
        }
      }
    }
    if (early.outcome.empty()) {
      std::string need_photo;
      Status taken = Take(store, s, *step, &need_photo);
      if (!need_photo.empty()) return Outcome{"", "", need_photo};
      if (taken.ok()) {
        Outcome ok{"accepted", "", ""};
        CARDEX_RETURN_IF_ERROR(Record(store, peer, s, ok, now));
        CARDEX_RETURN_IF_ERROR(tx.Commit());
        return ok;
      }
      if (taken.code() == StatusCode::kUnavailable || taken.code() == StatusCode::kInternal) {
        return taken;  // the database failed: nothing recorded, the station sends it again
      }
      CARDEX_RETURN_IF_ERROR(store.Rollback());
      Transaction again(store);
      CARDEX_RETURN_IF_ERROR(again.Begin());
      CARDEX_ASSIGN_OR_RETURN(Outcome held, Classify(store, s, taken));
      CARDEX_RETURN_IF_ERROR(Record(store, peer, s, held, now));
      CARDEX_RETURN_IF_ERROR(again.Commit());
      return held;
    }
    CARDEX_RETURN_IF_ERROR(Record(store, peer, s, early, now));
    CARDEX_RETURN_IF_ERROR(tx.Commit());
    return early;
  }
}

}  // namespace

Result<std::string> ServePush(Store& store, const SyncPeer& peer, std::string_view body,
                              std::string_view now) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(body, ec);
  if (ec || !doc.is_object()) return Status::InvalidArgument("push: a JSON object {depth, steps}");
  const auto* steps = doc.as_object().if_contains("steps");
  const auto* depth = doc.as_object().if_contains("depth");
  if (!steps || !steps->is_array() || !depth || !depth->is_int64()) {
    return Status::InvalidArgument("push: depth and steps are required");
  }
  boost::json::array results;
  boost::json::object answer;
  int64_t settled = 0;
  std::vector<PushedStep> decoded;
  for (const auto& v : steps->as_array()) {
    CARDEX_ASSIGN_OR_RETURN(PushedStep s, Decode(v));
    decoded.push_back(std::move(s));
  }
  // The photos the batch's captures need and the central lacks, asked for
  // all at once before anything is applied: one round trip for the list,
  // a few for the bytes (ServePhotos), instead of two per photo.
  boost::json::array missing;
  CARDEX_ASSIGN_OR_RETURN(SqlRows mark, store.Query("SELECT acked_seq FROM sync_credentials WHERE join_id = ?",
                                                    {peer.join_id}));
  const int64_t acked_before = mark.empty() ? 0 : mark.Int(0, 0);
  for (const PushedStep& s : decoded) {
    // A step already settled is answered from its record: its photo is
    // not needed again.
    if (s.seq <= acked_before || s.step != "capture" || s.photo_sha256.empty()) continue;
    CARDEX_ASSIGN_OR_RETURN(SqlRows have, store.Query("SELECT 1 FROM sync_photos WHERE sha256 = ?",
                                                      {std::string_view(s.photo_sha256)}));
    if (have.empty()) missing.emplace_back(boost::json::string(s.photo_sha256));
  }
  if (!missing.empty()) {
    answer["need_photos"] = std::move(missing);
    decoded.clear();
  }
  for (const PushedStep& s : decoded) {
    CARDEX_ASSIGN_OR_RETURN(Outcome o, ApplyOne(store, peer, s, now));
    if (!o.need_photo.empty()) {
      answer["need_photos"] = boost::json::array{boost::json::string(o.need_photo)};
      break;
    }
    ++settled;
    results.push_back(boost::json::object{{"seq", s.seq}, {"outcome", o.outcome}, {"reason", o.reason}});
  }
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "UPDATE sync_credentials SET last_push_at = ?, outbox_depth = ? WHERE join_id = ?",
      {now, std::max<int64_t>(0, depth->as_int64() - settled), peer.join_id}));
  CARDEX_ASSIGN_OR_RETURN(SqlRows acked, store.Query("SELECT acked_seq FROM sync_credentials WHERE join_id = ?",
                                                     {peer.join_id}));
  answer["acked"] = acked.empty() ? 0 : acked.Int(0, 0);
  answer["results"] = std::move(results);
  return boost::json::serialize(answer);
}

Status ServePhotos(Store& store, const SyncPeer& peer, std::string_view body, std::string_view now) {
  // Frames "SHA256 LENGTH\n" followed by LENGTH bytes, one per photo.
  while (!body.empty()) {
    size_t nl = body.find('\n');
    size_t sp = body.find(' ');
    if (nl == std::string_view::npos || sp == std::string_view::npos || sp > nl) {
      return Status::InvalidArgument("photos: a frame is \"SHA256 LENGTH\\n\" and the bytes");
    }
    std::string_view sha = body.substr(0, sp);
    size_t length = 0;
    for (char c : body.substr(sp + 1, nl - sp - 1)) {
      if (c < '0' || c > '9' || length > (size_t{1} << 30)) return Status::InvalidArgument("photos: a bad length");
      length = length * 10 + static_cast<size_t>(c - '0');
    }
    if (body.size() - nl - 1 < length) return Status::InvalidArgument("photos: a frame is cut short");
    CARDEX_RETURN_IF_ERROR(ServePhoto(store, peer, sha, body.substr(nl + 1, length), now));
    body.remove_prefix(nl + 1 + length);
  }
  return Status::Ok();
}

Status ServePhoto(Store& store, const SyncPeer& peer, std::string_view sha256,
                  std::string_view bytes, std::string_view now) {
  (void)peer;  // any joined station may send a photo; it is used only by its own steps
  if (intake::PhotoSha256(bytes) != sha256) {
    return Status::InvalidArgument("photo: the bytes do not hash to " + std::string(sha256));
  }
  CARDEX_ASSIGN_OR_RETURN(intake::PhotoInfo info, intake::InspectPhoto(bytes));
  return store.Exec(
      "INSERT INTO sync_photos (sha256, content_type, bytes, received_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (sha256) DO NOTHING",
      {sha256, info.content_type, SqlBlob{bytes}, now});
}

}  // namespace cardex::station
