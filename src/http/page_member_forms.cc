// The member's page, its forms: moving the appointment into a free slot,
// "I cannot come", and the cell secretary's unlock of a locked page
// (a JSON API route, as every staff action). The rules are selfservice's;
// this file reads the form, asks, and says the answer.
#include <boost/json.hpp>

#include "cardex/core/limits.h"
#include "cardex/selfservice/access.h"
#include "cardex/selfservice/cannot_come.h"
#include "cardex/selfservice/move.h"
#include "cardex/store/atomically.h"
#include "member_page.h"
#include "pages.h"

namespace cardex::http {

namespace {

int64_t LocalNow() { return selfservice::LocalMinuteOfUtc(UtcNowSeconds().c_str()); }

// A refusal page with a way back to the appointment.
Response Refusal(Context& ctx, int status, std::string_view text) {
  Lang lang = LangOf(ctx);
  std::string body = Render(R"(<section class="card narrow member" data-member-refused>
<h1>{t}</h1>
<p class="msg error" role="alert" data-member-error>{m}</p>
<p><a class="btn btn-big" href="/member/appointment">{back}</a></p>
</section>)",
                            {{"t", T(lang, {"Chưa thực hiện được", "Not done"})},
                             {"m", text},
                             {"back", T(lang, {"Về lịch hẹn", "Back to my appointment"})}});
  return MemberHtml(ctx, T(lang, {"Chưa thực hiện được", "Not done"}), std::move(body), status);
}

int StatusOf(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    default: return 409;
  }
}

Response SlotsPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto visit = FindVisit(ctx);
  if (!visit.ok()) return FromStatus(visit.status());
  if (!*visit) return Redirect("/member?expired=1");
  const auto& options = ctx.member_page->options();
  const int64_t now = LocalNow();
  auto facts = selfservice::LoadMoveFacts(ctx.store, (*visit)->member_no, now);
  if (!facts.ok()) return Refusal(ctx, StatusOf(facts.status()), SayStatus(lang, facts.status()));
  if (std::string why = selfservice::WhyMoveRefused(*facts, options); !why.empty()) {
    return Refusal(ctx, 409, SayStatus(lang, selfservice::MoveRefusal(why, options)));
  }
  auto slots = selfservice::FreeSlots(ctx.store, (*visit)->member_no, now, options);
  if (!slots.ok()) return FromStatus(slots.status());
  std::string groups, current_station, current_day;
  std::string items;
  auto close_group = [&] {
    if (!items.empty()) groups += "<ul class=\"slots\">" + items + "</ul>";
    items.clear();
  };
  for (const selfservice::FreeSlot& s : *slots) {
    if (s.station_code != current_station) {
      close_group();
      groups += Render(R"(<h2 data-slot-station="{code}">{name}</h2>)",
                       {{"code", s.station_code}, {"name", s.station_name.empty() ? s.station_code : s.station_name}});
      current_station = s.station_code;
      current_day.clear();
    }
    if (s.slot_start.substr(0, 10) != current_day) {
      close_group();
      current_day = s.slot_start.substr(0, 10);
      groups += Render(R"(<h3>{d}</h3>)", {{"d", DayText(lang, s.slot_start)}});
    }
    items += Render(
        R"(<li><form method="post" action="/member/slots">{!token}<input type="hidden" name="station" value="{station}"><input type="hidden" name="slot" value="{slot}"><button class="btn slot" type="submit" data-slot="{station} {slot}">{time} <span class="sub">{free}</span></button></form></li>)",
        {{"token", TokenField(**visit)},
         {"station", s.station_code},
         {"slot", s.slot_start},
         {"time", TimeRange(s.slot_start, s.slot_end)},
         {"free", Render(T(lang, {"còn {n} chỗ", "{n} free"}), {{"n", std::to_string(s.free)}})}});
  }
  close_group();
  if (groups.empty()) {
    groups = Render(R"(<p class="msg" data-no-slots>{t}</p>)",
                    {{"t", T(lang, {"Hiện không còn khung giờ trống. Đề nghị liên hệ bí thư chi bộ.",
                                    "No free slot is left. Please ask your cell secretary."})}});
  }
  std::string body = Render(
      R"(<section class="card member" data-member-slots>
<p><a class="btn btn-small" href="/member/appointment">‹ {back}</a></p>
<h1>{title}</h1>
<p>{intro}</p>
{!groups}
</section>)",
      {{"back", T(lang, {"Về lịch hẹn", "Back"})},
       {"title", T(lang, {"Chọn khung giờ mới", "Choose a new slot"})},
       {"intro", Render(T(lang, {"Đồng chí được tự đổi lịch tối đa {max} lần, chậm nhất {hours} giờ trước giờ hẹn. "
                                 "Đã đổi: {done} lần.",
                                 "You may move your appointment {max} times at most, up to {hours} hours before it. "
                                 "Moved so far: {done}."}),
                        {{"max", std::to_string(options.max_moves)},
                         {"hours", std::to_string(options.min_hours_before)},
                         {"done", std::to_string(facts->moves_done)}})},
       {"groups", groups}});
  return MemberHtml(ctx, T(lang, {"Đổi lịch hẹn", "Move my appointment"}), std::move(body));
}

Response MovePost(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto visit = FindVisit(ctx);
  if (!visit.ok()) return FromStatus(visit.status());
  if (!*visit) return Redirect("/member?expired=1");
  auto form = ParseForm(ctx.request.body);
  if (!FormTokenOk(**visit, form)) return Refusal(ctx, 403, Msg(lang, "member.form_expired"));
  selfservice::MoveRequest request{(*visit)->member_no, form["station"].substr(0, limits::kCode),
                                   form["slot"].substr(0, limits::kShortValue), LocalNow(), UtcNowSeconds()};
  auto moved = Atomically(ctx.store, [&] {
    return selfservice::MoveAppointment(ctx.store, request, ctx.member_page->options());
  });
  if (!moved.ok()) {
    if (moved.status().message_id().empty()) return FromStatus(moved.status());
    return Refusal(ctx, StatusOf(moved.status()), SayStatus(lang, moved.status()));
  }
  return Redirect("/member/appointment?done=moved");
}

Response CannotComeForm(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto visit = FindVisit(ctx);
  if (!visit.ok()) return FromStatus(visit.status());
  if (!*visit) return Redirect("/member?expired=1");
  struct Choice {
    const char* value;
    Tr label;
  };
  const Choice choices[] = {
      {"ill", {"Tôi đang ốm, đề nghị tổ lưu động đến nhà", "I am ill: please send the mobile team to my home"}},
      {"elderly", {"Tôi tuổi cao, đi lại khó khăn, đề nghị tổ lưu động đến nhà",
                   "I am elderly and cannot travel: please send the mobile team to my home"}},
      {"elsewhere", {"Tôi đang sinh sống, làm việc ở nơi khác, đề nghị chuyển sinh hoạt",
                     "I live or work elsewhere now: please arrange a transfer"}},
  };
  std::string radios;
  for (const Choice& c : choices) {
    radios += Render(R"(<label class="choice"><input type="radio" name="reason" value="{v}" required> {l}</label>)",
                     {{"v", c.value}, {"l", T(lang, c.label)}});
  }
  std::string body = Render(
      R"(<section class="card narrow member" data-member-cannot-come>
<p><a class="btn btn-small" href="/member/appointment">‹ {back}</a></p>
<h1>{title}</h1>
<form method="post" action="/member/cannot-come" class="stack">{!token}
<fieldset class="stack"><legend>{why}</legend>{!radios}</fieldset>
<label>{note}<textarea name="note" rows="3" maxlength="300"></textarea></label>
<p class="sub">{busy}</p>
<button class="btn btn-primary btn-big" type="submit">{send}</button>
</form>
</section>)",
      {{"back", T(lang, {"Về lịch hẹn", "Back"})},
       {"title", T(lang, {"Báo không đến được", "I cannot come"})},
       {"token", TokenField(**visit)},
       {"why", T(lang, {"Lý do", "Why"})},
       {"radios", radios},
       {"note", T(lang, {"Ghi chú (không bắt buộc)", "Note (optional)"})},
       {"busy", T(lang, {"Nếu chỉ bận vào giờ hẹn, đồng chí hãy chọn “Đổi lịch hẹn”.",
                         "If you are only busy at that time, use “Move my appointment” instead."})},
       {"send", T(lang, {"Gửi", "Send"})}});
  return MemberHtml(ctx, T(lang, {"Báo không đến được", "I cannot come"}), std::move(body));
}

Response CannotComePost(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto visit = FindVisit(ctx);
  if (!visit.ok()) return FromStatus(visit.status());
  if (!*visit) return Redirect("/member?expired=1");
  auto form = ParseForm(ctx.request.body);
  if (!FormTokenOk(**visit, form)) return Refusal(ctx, 403, Msg(lang, "member.form_expired"));
  selfservice::CannotComeRequest request;
  if (!selfservice::ParseCannotComeReason(form["reason"], &request.reason)) return Redirect("/member/cannot-come");
  request.member_no = (*visit)->member_no;
  request.note = form["note"];
  request.at = UtcNowSeconds();
  Status done = Atomically(ctx.store, [&] { return selfservice::CannotCome(ctx.store, request); });
  if (!done.ok()) {
    if (done.message_id().empty()) return FromStatus(done);
    return Refusal(ctx, StatusOf(done), SayStatus(lang, done));
  }
  return Redirect("/member/appointment?done=request");
}

// The cell secretary (or anyone holding book_catch_up on the member)
// unlocks a member's page; in the pipeline's transaction, with its
// Idempotency-Key.
Response UnlockApi(Context& ctx) {
  Status s = selfservice::Unlock(ctx.store, ctx.Param("member_no"), ctx.who().login, UtcNowSeconds());
  if (!s.ok()) return FromStatus(s);
  boost::json::object o{{"member_no", ctx.Param("member_no")}, {"locked", false}};
  return Json(200, boost::json::serialize(o));
}

Route Public(std::string name, HandlerFn fn) {
  return Route{.name = std::move(name), .needs_session = false, .handle = std::move(fn), .page = true};
}

}  // namespace

void AddMemberFormPages(AppRouter& router) {
  router.Add("GET", "/member/slots", Public("/member/slots", SlotsPage));
  router.Add("POST", "/member/slots", Public("/member/slots", MovePost));
  router.Add("GET", "/member/cannot-come", Public("/member/cannot-come", CannotComeForm));
  router.Add("POST", "/member/cannot-come", Public("/member/cannot-come", CannotComePost));
  router.Add("POST", "/api/members/{member_no}/member-page/unlock",
             Route{.name = "/api/members/{member_no}/member-page/unlock", .permission = Permission::kBookCatchUp,
                   .target = TargetFrom::kMember, .csrf = true, .idempotent = true, .handle = UnlockApi});
}

}  // namespace cardex::http
