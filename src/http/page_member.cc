// The member's public page (issue 21): sign in with an invitation code and
// the birth date, then the appointment, the exchange's stage, the QR code
// and an .ics. Plain HTML forms: it works without JavaScript on a 360 px
// phone. No staff session is read or made; a short-lived signed pass
// (cardex/selfservice/pass.h) in a cookie scoped to /member keeps the
// member in (docs/security.md, "The member's page").
#include <chrono>
#include <cstdio>

#include "cardex/core/vn_format.h"
#include "cardex/io/icalendar.h"
#include "cardex/io/qr.h"
#include "cardex/plan/appointments.h"
#include "cardex/plan/invitations.h"
#include "cardex/selfservice/access.h"
#include "cardex/selfservice/member_view.h"
#include "cardex/selfservice/move.h"
#include "member_page.h"
#include "pages.h"

namespace cardex::http {

namespace {

constexpr const char* kPassCookie = "cardex_member";

std::string PassCookie(const Context& ctx, std::string_view value, int max_age) {
  return std::string(kPassCookie) + "=" + std::string(value) + "; Path=/member; Max-Age=" +
         std::to_string(max_age) + "; HttpOnly; SameSite=Strict" + (ctx.secure_cookies ? "; Secure" : "");
}

Response SignInForm(Context& ctx, int status, std::string_view message, std::string_view code) {
  Lang lang = LangOf(ctx);
  std::string msg;
  if (!message.empty()) msg = Render(R"(<p class="msg error" role="alert" data-member-error>{m}</p>)", {{"m", message}});
  std::string body = Render(
      R"(<section class="card narrow member" data-member-sign-in>
<h1>{title}</h1>
<p>{intro}</p>
{!msg}
<form method="post" action="/member" class="stack">
<label>{code_label}<input name="code" value="{code}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16" required></label>
<label>{birth_label}<input name="birth_date" inputmode="numeric" autocomplete="bday" placeholder="{birth_hint}" maxlength="10" required></label>
<p class="sub">{birth_help}</p>
<button class="btn btn-primary btn-big" type="submit">{submit}</button>
</form>
<p class="sub">{privacy}</p>
</section>)",
      {{"title", T(lang, {"Tra cứu lịch hẹn đổi thẻ đảng viên", "Your membership card appointment"})},
       {"intro", T(lang, {"Nhập mã mời in trên giấy mời và ngày sinh của đồng chí.",
                          "Enter the invitation code printed on your invitation and your birth date."})},
       {"msg", msg},
       {"code_label", T(lang, {"Mã mời", "Invitation code"})},
       {"code", code},
       {"birth_label", T(lang, {"Ngày sinh", "Birth date"})},
       {"birth_hint", T(lang, {"ngày/tháng/năm", "day/month/year"})},
       {"birth_help", T(lang, {"Ví dụ: 17/05/1960", "For example: 17/05/1960"})},
       {"submit", T(lang, {"Xem lịch hẹn", "See my appointment"})},
       {"privacy", T(lang, {"Nhập sai ngày sinh nhiều lần, trang sẽ bị khóa; khi đó đề nghị liên hệ bí thư chi bộ.",
                            "After several wrong birth dates the page locks; your cell secretary can unlock it."})}});
  return MemberHtml(ctx, T(lang, {"Lịch hẹn đổi thẻ", "Card appointment"}), std::move(body), status);
}

Response ShowSignIn(Context& ctx) {
  auto visit = FindVisit(ctx);
  if (!visit.ok()) return FromStatus(visit.status());
  if (*visit) return Redirect("/member/appointment");
  auto code = ctx.request.query.find("code");
  return SignInForm(ctx, 200, "", code == ctx.request.query.end() ? "" : code->second.substr(0, 16));
}

Response SignInPost(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto form = ParseForm(ctx.request.body);
  const std::string code = form["code"].substr(0, 32);
  const std::string birth = form["birth_date"].substr(0, 32);
  // Both buckets are asked before any lookup: a refused attempt learns
  // nothing and costs the database nothing.
  const auto now = std::chrono::steady_clock::now();
  std::chrono::seconds wait{0};
  const std::string code_key = plan::CanonicalInvitationCode(code.substr(0, 16));
  if (!ctx.member_page->by_address().TryAcquire(ctx.request.client_ip, now, &wait) ||
      !ctx.member_page->by_code().TryAcquire(code_key, now, &wait)) {
    Response r = SignInForm(ctx, 429, Msg(lang, "member.throttled"), code.substr(0, 16));
    r.AddHeader("Retry-After", std::to_string(std::max<int64_t>(1, wait.count())));
    return r;
  }
  const std::string at = UtcNowSeconds();
  auto member = selfservice::SignIn(ctx.store, code, birth, at, ctx.member_page->options());
  if (!member.ok()) {
    const StatusCode c = member.status().code();
    if (c == StatusCode::kUnauthenticated) return SignInForm(ctx, 401, SayStatus(lang, member.status()), code.substr(0, 16));
    if (c == StatusCode::kPermissionDenied) return SignInForm(ctx, 403, SayStatus(lang, member.status()), code.substr(0, 16));
    return FromStatus(member.status());
  }
  auto key = ctx.member_page->Key(ctx.store);
  if (!key.ok()) return FromStatus(key.status());
  const int minutes = ctx.member_page->options().pass_minutes;
  const std::string pass =
      selfservice::IssuePass(*key, plan::CanonicalInvitationCode(code), UnixNow() + int64_t{minutes} * 60);
  Response r = Redirect("/member/appointment");
  r.AddHeader("Set-Cookie", PassCookie(ctx, pass, minutes * 60));
  return r;
}

// The four stages a member follows, the current one marked.
std::string StagesList(Lang lang, selfservice::Stage stage) {
  using selfservice::Stage;
  struct Row {
    Stage stage;
    Tr label;
  };
  const Row rows[] = {
      {Stage::kInvited, {"Đã được mời", "Invited"}},
      {Stage::kReceived, {"Điểm tiếp nhận đã nhận hồ sơ", "Documents received at the station"}},
      {Stage::kCardProduced, {"Thẻ mới đã được in", "New card produced"}},
      {Stage::kReady, {"Thẻ đã sẵn sàng để nhận", "Card ready to hand over"}},
  };
  if (stage == Stage::kClosed) {
    return Render(R"(<p class="msg" data-stage="closed">{t}</p>)",
                  {{"t", T(lang, {"Hồ sơ đổi thẻ của đồng chí đã kết thúc. Đề nghị liên hệ bí thư chi bộ nếu cần.",
                                  "Your card exchange is closed. Please ask your cell secretary if needed."})}});
  }
  std::string items;
  const int at = stage == Stage::kHandedOver ? 4 : static_cast<int>(stage);
  for (const Row& row : rows) {
    const int i = static_cast<int>(row.stage);
    const char* cls = i < at ? "done" : i == at ? "current" : "todo";
    items += Render(R"(<li class="{cls}" data-stage="{name}"{!cur}>{label}</li>)",
                    {{"cls", cls},
                     {"name", selfservice::StageName(row.stage)},
                     {"cur", i == at ? R"( aria-current="step")" : ""},
                     {"label", T(lang, row.label)}});
  }
  if (stage == Stage::kHandedOver) {
    items += Render(R"(<li class="current" data-stage="handed_over" aria-current="step">{t}</li>)",
                    {{"t", T(lang, {"Đồng chí đã nhận thẻ mới", "You have received your new card"})}});
  }
  return "<ol class=\"stages\">" + items + "</ol>";
}

Response AppointmentPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto visit = FindVisit(ctx);
  if (!visit.ok()) return FromStatus(visit.status());
  if (!*visit) return Redirect("/member?expired=1");
  auto page = selfservice::LoadMemberPage(ctx.store, (*visit)->member_no);
  if (!page.ok()) return FromStatus(page.status());
  const selfservice::MemberPage& p = *page;

  std::string notice;
  if (auto done = ctx.request.query.find("done"); done != ctx.request.query.end()) {
    Tr said = done->second == "moved"
                  ? Tr{"Đã đổi lịch hẹn. Mã mời mới ở bên dưới; từ nay đồng chí dùng mã mới khi đến điểm tiếp nhận.",
                       "Your appointment is moved. The new invitation code is below; show it at the station from now on."}
                  : Tr{"Đã ghi nhận. Bí thư chi bộ sẽ liên hệ với đồng chí.",
                       "Recorded. Your cell secretary will be in touch."};
    notice = Render(R"(<p class="msg ok" role="status" data-member-done="{d}">{t}</p>)",
                    {{"d", done->second == "moved" ? "moved" : "request"}, {"t", T(lang, said)}});
  }

  std::string appointment;
  if (p.code.empty()) {
    appointment = Render(R"(<p class="msg">{t}</p>)",
                         {{"t", T(lang, {"Đồng chí chưa có lịch hẹn. Bí thư chi bộ sẽ thông báo khi có lịch.",
                                         "You have no appointment yet. Your cell secretary will tell you when you do."})}});
  } else {
    const bool home = p.mode == "home_visit" || p.state == ExchangeState::kHomeVisit;
    const std::string place = p.station_name.empty() ? p.station_code : p.station_name;
    std::string where = home ? Render(R"({t} <span class="sub">({s})</span>)",
                                      {{"t", T(lang, {"Tại nhà: tổ lưu động sẽ đến", "At home: the mobile team comes"})},
                                       {"s", place}})
                             : Render(R"({p}<br><span class="sub" data-address>{a}</span>)",
                                      {{"p", place},
                                       {"a", p.station_address.empty()
                                                 ? T(lang, {"Địa chỉ: xin hỏi bí thư chi bộ", "Address: please ask your cell secretary"})
                                                 : std::string_view(p.station_address)}});
    auto qr = QrCode::Encode(p.code);
    const std::string svg = qr.ok() ? QrSvg(*qr, 5) : "";
    appointment = Render(
        R"(<dl class="appt" data-appointment>
<dt>{c_where}</dt><dd data-station="{station}">{!where}</dd>
<dt>{c_day}</dt><dd data-day>{day}</dd>
<dt>{c_time}</dt><dd data-time>{time}</dd>
<dt>{c_bring}</dt><dd><ul class="bring"><li>{cccd}</li><li>{card}</li></ul></dd>
</dl>
<h2>{c_code}</h2>
<div class="qr" data-qr>{!svg}</div>
<p class="code mono" data-code>{code}</p>
<p class="sub">{code_help}</p>
<p><a class="btn" href="/member/appointment.ics" data-ics>{ics}</a></p>)",
        {{"c_where", T(lang, {"Địa điểm", "Where"})},
         {"station", p.station_code},
         {"where", where},
         {"c_day", T(lang, {"Ngày", "Day"})},
         {"day", DayText(lang, p.slot_start)},
         {"c_time", T(lang, {"Giờ", "Time"})},
         {"time", TimeRange(p.slot_start, p.slot_end)},
         {"c_bring", T(lang, {"Mang theo", "Bring"})},
         {"cccd", T(lang, {"Căn cước công dân (CCCD)", "Citizen identity card (CCCD)"})},
         {"card", T(lang, {"Thẻ đảng viên cũ", "Your old membership card"})},
         {"c_code", T(lang, {"Mã mời", "Invitation code"})},
         {"svg", svg},
         {"code", p.code},
         {"code_help", T(lang, {"Đưa mã này cho cán bộ tại điểm tiếp nhận.", "Show this code at the station."})},
         {"ics", T(lang, {"Thêm vào lịch điện thoại (.ics)", "Add to my phone's calendar (.ics)"})}});
  }

  // What the member may do: the rule is selfservice's; the page only asks.
  std::string actions;
  const int64_t now = selfservice::LocalMinuteOfUtc(UtcNowSeconds().c_str());
  auto facts = selfservice::LoadMoveFacts(ctx.store, p.member_no, now);
  std::string why = facts.ok() ? selfservice::WhyMoveRefused(*facts, ctx.member_page->options()) : "member.move.no_appointment";
  if (why.empty()) {
    actions += Render(R"(<a class="btn btn-primary btn-big" href="/member/slots" data-move-link>{t}</a>)",
                      {{"t", T(lang, {"Đổi lịch hẹn", "Move my appointment"})}});
  } else if (!p.code.empty()) {
    actions += Render(R"(<p class="sub" data-move-refused="{id}">{t}</p>)",
                      {{"id", why}, {"t", SayStatus(lang, selfservice::MoveRefusal(why, ctx.member_page->options()))}});
  }
  if (selfservice::StageOf(p.state) == selfservice::Stage::kInvited) {
    actions += Render(R"(<a class="btn btn-big" href="/member/cannot-come" data-cannot-come-link>{t}</a>)",
                      {{"t", T(lang, {"Tôi không đến được", "I cannot come"})}});
  }
  std::string request;
  if (!p.request_kind.empty()) {
    request = Render(R"(<p class="msg" data-request="{k}">{t}</p>)",
                     {{"k", p.request_kind},
                      {"t", p.request_kind == "transfer"
                                ? T(lang, {"Đồng chí đã báo đang sinh sống, làm việc ở nơi khác; chi bộ đang xem xét việc chuyển sinh hoạt đảng.",
                                           "You told us you live elsewhere; your cell is looking at a transfer."})
                                : T(lang, {"Đồng chí đã đề nghị tổ lưu động đến nhà.",
                                           "You asked for the mobile team to come to your home."})}});
  }

  std::string body = Render(
      R"(<section class="card member" data-member-page>
<h1>{title}</h1>
<p class="lead">{comrade} <b data-member-name>{name}</b></p>
{!notice}
{!request}
{!appointment}
<h2>{c_stage}</h2>
{!stages}
<div class="actions stack">{!actions}</div>
<form method="post" action="/member/sign-out" class="sign-out">{!token}<button class="btn btn-small" type="submit">{out}</button></form>
</section>)",
      {{"title", T(lang, {"Lịch hẹn đổi thẻ đảng viên", "Your card exchange appointment"})},
       {"comrade", T(lang, {"Đồng chí", "Comrade"})},
       {"name", p.full_name},
       {"notice", notice},
       {"request", request},
       {"appointment", appointment},
       {"c_stage", T(lang, {"Tiến độ đổi thẻ", "Where your exchange stands"})},
       {"stages", StagesList(lang, selfservice::StageOf(p.state))},
       {"actions", actions},
       {"token", TokenField(**visit)},
       {"out", T(lang, {"Thoát", "Sign out"})}});
  return MemberHtml(ctx, T(lang, {"Lịch hẹn đổi thẻ", "Card appointment"}), std::move(body));
}

Response AppointmentIcs(Context& ctx) {
  auto visit = FindVisit(ctx);
  if (!visit.ok()) return FromStatus(visit.status());
  if (!*visit) return Redirect("/member?expired=1");
  auto page = selfservice::LoadMemberPage(ctx.store, (*visit)->member_no);
  if (!page.ok()) return FromStatus(page.status());
  if (page->code.empty()) return Redirect("/member/appointment");
  plan::InvitationInfo info;
  info.appointment.member_no = page->member_no;
  info.appointment.station_code = page->station_code;
  info.appointment.slot_start = page->slot_start;
  info.appointment.slot_end = page->slot_end;
  info.appointment.mode = page->mode;
  info.appointment.invitation_code = page->code;
  info.full_name = page->full_name;
  info.station_name = page->station_name;
  CalendarEvent event = plan::InvitationEvent(info, IcalLocalDateTime(UtcNowSeconds().substr(0, 16)) + "Z");
  if (!page->station_address.empty() && page->mode != "home_visit") {
    event.location = (page->station_name.empty() ? page->station_code : page->station_name) + ", " +
                     page->station_address;
  }
  Response r;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = FormatCalendar("-//Cardex//Member page//VI", {&event, 1});
  r.AddHeader("Content-Disposition", "attachment; filename=\"lich-hen-doi-the.ics\"");
  return r;
}

Response SignOut(Context& ctx) {
  Response r = Redirect("/member");
  r.AddHeader("Set-Cookie", PassCookie(ctx, "", 0));
  return r;
}

Route Public(std::string name, HandlerFn fn) {
  return Route{.name = std::move(name), .needs_session = false, .handle = std::move(fn), .page = true};
}

}  // namespace

Result<std::optional<MemberVisit>> FindVisit(Context& ctx) {
  const std::string pass = ctx.request.Cookie(kPassCookie);
  if (pass.empty()) return std::optional<MemberVisit>();
  CARDEX_ASSIGN_OR_RETURN(selfservice::PassKey key, ctx.member_page->Key(ctx.store));
  std::optional<std::string> code = selfservice::CheckPass(key, pass, UnixNow());
  if (!code) return std::optional<MemberVisit>();
  auto member = selfservice::MemberOfCode(ctx.store, *code);
  if (!member.ok()) {
    if (member.status().code() == StatusCode::kUnauthenticated) return std::optional<MemberVisit>();
    return member.status();
  }
  CARDEX_ASSIGN_OR_RETURN(bool locked, selfservice::IsLocked(ctx.store, *member));
  if (locked) return std::optional<MemberVisit>();
  return std::optional<MemberVisit>(MemberVisit{pass, *code, *member, key});
}

Response MemberHtml(Context& ctx, std::string_view title, std::string body, int status) {
  PageSpec spec{title, std::move(body), nullptr, "", status};
  spec.home = "/member";
  return HtmlPage(ctx.request, spec);
}

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    const size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key)) continue;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &value)) continue;
    if (!key.empty()) out[key] = std::move(value);
  }
  return out;
}

std::string TokenField(const MemberVisit& visit) {
  return Render(R"(<input type="hidden" name="token" value="{t}">)",
                {{"t", selfservice::FormToken(visit.key, visit.pass)}});
}

bool FormTokenOk(const MemberVisit& visit, const std::map<std::string, std::string>& form) {
  auto it = form.find("token");
  return it != form.end() && selfservice::FormTokenMatches(visit.key, visit.pass, it->second);
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string UtcNowSeconds() { return UtcNowText(); }

std::string DayText(Lang lang, std::string_view local) {
  auto day = Date::Parse(local.substr(0, 10));
  if (!day.ok()) return std::string(local);
  static constexpr const char* kVi[] = {"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};
  static constexpr const char* kEn[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  return std::string(lang == Lang::kEn ? kEn[day->weekday()] : kVi[day->weekday()]) + ", " + vn_format::DateText(*day);
}

std::string TimeRange(std::string_view start, std::string_view end) {
  if (start.size() < 16 || end.size() < 16) return std::string(start);
  return std::string(start.substr(11, 5)) + "–" + std::string(end.substr(11, 5));
}

std::string SayStatus(Lang lang, const Status& status) {
  if (status.message_id().empty()) return Msg(lang, "error.500");
  return Msg(lang, status.message_id(), status.message_args());
}

void AddMemberPages(AppRouter& router) {
  router.Add("GET", "/member", Public("/member", ShowSignIn));
  router.Add("POST", "/member", Public("/member", SignInPost));
  router.Add("GET", "/member/appointment", Public("/member/appointment", AppointmentPage));
  router.Add("GET", "/member/appointment.ics", Public("/member/appointment.ics", AppointmentIcs));
  router.Add("POST", "/member/sign-out", Public("/member/sign-out", SignOut));
}

}  // namespace cardex::http
