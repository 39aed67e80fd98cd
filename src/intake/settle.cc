#include "cardex/intake/settle.h"

#include "cardex/intake/exchange.h"

namespace cardex::intake {

namespace {

struct Stored {
  CardSource source;
  std::string suggested_citizen_id;
};

Result<Stored> Load(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows m,
      store.Query("SELECT m.citizen_id, m.full_name, m.birth_date, m.gender, s.member_no, "
                  "s.citizen_id, s.full_name, s.birth_date, s.gender, r.verdict, r.fields, "
                  "r.registry_full_name, r.registry_birth_date, r.registry_gender, "
                  "r.registry_deceased_on, r.suggested_citizen_id, "
                  "(SELECT count(*) FROM corrections c WHERE c.member_no = m.member_no "
                  "AND c.closed_at = '') "
                  "FROM members m LEFT JOIN member_standard s ON s.member_no = m.member_no "
                  "LEFT JOIN reconcile_results r ON r.member_no = m.member_no "
                  "WHERE m.member_no = ?",
                  {member_no}));
  if (m.empty()) {
    return Status::Coded(StatusCode::kNotFound, "not_found.member", {std::string(member_no)});
  }
  auto text = [&](size_t c) { return m.IsNull(0, c) ? std::string() : std::string(m.Text(0, c)); };
  Stored out;
  CardSource& s = out.source;
  s.recorded = {text(0), text(1), text(2), text(3)};
  if (!m.IsNull(0, 4)) s.standard = PersonValues{text(5), text(6), text(7), text(8)};
  s.verdict = text(9);
  s.fields = text(10);
  s.registry = {"", text(11), text(12), text(13)};
  s.registry_deceased_on = text(14);
  out.suggested_citizen_id = text(15);
  s.open_corrections = m.Int(0, 16);
  return out;
}

// The desk's refusal for an unclean member, from the card rule's reason.
Status Refusal(const CardValues& v, std::string_view member_no, ExchangeStep step) {
  std::string what = "@step." + std::string(StepName(step));
  std::string no(member_no);
  std::string arg = v.unclean_args.empty() ? std::string() : v.unclean_args[0];
  if (v.unclean_id == "unclean.open_correction") {
    return Status::Coded(StatusCode::kFailedPrecondition, "desk.open_correction", {what, no});
  }
  if (v.unclean_id == "unclean.deceased") {
    return Status::Coded(StatusCode::kFailedPrecondition, "desk.deceased", {what, no});
  }
  if (v.unclean_id == "unclean.open_difference") {
    return Status::Coded(StatusCode::kFailedPrecondition, "desk.open_difference", {what, no, arg});
  }
  return Status::Coded(StatusCode::kFailedPrecondition, "desk.wrong_id", {what, no, arg});
}

}  // namespace

Result<CardValues> MemberCardValues(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(Stored s, Load(store, member_no));
  return ResolveCardValues(s.source);
}

Status RequireCleanFor(Store& store, std::string_view member_no, ExchangeStep step) {
  if (step != ExchangeStep::kConfirm && step != ExchangeStep::kSubmit) return Status::Ok();
  CARDEX_ASSIGN_OR_RETURN(CardValues v, MemberCardValues(store, member_no));
  if (v.clean()) return Status::Ok();
  return Refusal(v, member_no, step);
}

Result<CardValues> SettleWithRegistry(Store& store, const SettleRequest& request) {
  CARDEX_ASSIGN_OR_RETURN(MemberExchange ex, GetExchange(store, request.member_no));
  if (request.expect_version >= 0 && request.expect_version != ex.version) {
    return Status::Coded(StatusCode::kFailedPrecondition, "exchange.stale", {request.member_no});
  }
  if (ex.state != ExchangeState::kCheckedIn && ex.state != ExchangeState::kCaptured) {
    return Status::Coded(StatusCode::kFailedPrecondition, "desk.settle_state");
  }
  CARDEX_ASSIGN_OR_RETURN(Stored stored, Load(store, request.member_no));
  const CardSource& s = stored.source;
  CardValues now = ResolveCardValues(s);
  const bool fixable_unapplied = now.clean() && s.verdict == "fixable" && !s.standard;
  if (now.clean() && !fixable_unapplied) {
    return Status::Coded(StatusCode::kFailedPrecondition, "desk.nothing_to_settle",
                         {request.member_no});
  }
  if (now.unclean_id == "unclean.open_correction" || now.unclean_id == "unclean.deceased") {
    return Refusal(now, request.member_no, ExchangeStep::kConfirm);
  }
  MemberStandard next{request.member_no, s.recorded.citizen_id, s.recorded.full_name,
                      s.recorded.birth_date, s.recorded.gender, "registry"};
  if (s.verdict == "mismatch" || s.verdict == "fixable") {
    auto lists = [&](std::string_view f) {
      return (";" + s.fields + ";").find(";" + std::string(f) + ";") != std::string::npos;
    };
    if (lists("full_name")) next.full_name = s.registry.full_name;
    if (lists("birth_date")) next.birth_date = s.registry.birth_date;
    if (lists("gender")) next.gender = s.registry.gender;
  } else {
    // A wrong citizen id: only a confident suggestion can settle it, with
    // that citizen's own values.
    if (stored.suggested_citizen_id.empty()) {
      return Status::Coded(StatusCode::kFailedPrecondition, "desk.cannot_settle",
                           {request.member_no});
    }
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows c, store.Query("SELECT full_name, birth_date, gender, deceased_on FROM citizens "
                               "WHERE citizen_id = ?",
                               {std::string_view(stored.suggested_citizen_id)}));
    if (c.empty() || !c.Text(0, 3).empty()) {
      return Status::Coded(StatusCode::kFailedPrecondition, "desk.cannot_settle",
                           {request.member_no});
    }
    next.citizen_id = stored.suggested_citizen_id;
    next.full_name = std::string(c.Text(0, 0));
    next.birth_date = std::string(c.Text(0, 1));
    next.gender = std::string(c.Text(0, 2));
    next.source = "suggestion";
  }
  CARDEX_RETURN_IF_ERROR(store.UpsertMemberStandard({&next, 1}));
  // Who settled which member, from what, by which source: the values
  // themselves stay in the member's records, not in the log.
  AuditEntry audit{"", request.actor, "desk.apply_registry", "member:" + request.member_no,
                   "verdict=" + s.verdict + (s.fields.empty() ? "" : " fields=" + s.fields),
                   "source=" + next.source};
  CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  return MemberCardValues(store, request.member_no);
}

}  // namespace cardex::intake
