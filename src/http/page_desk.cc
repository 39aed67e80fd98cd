// The station desk: the day's appointments by slot with check-in by
// invitation code (typed or scanned) or citizen id, and one member's page:
// the verification view and the steps the officer may take from the
// member's state (the buttons call the JSON API through desk.js).
#include <algorithm>

#include "cardex/cards/cards.h"
#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"
#include "cardex/intake/desk.h"
#include "cardex/intake/settle.h"
#include "cardex/store/lookups.h"
#include "pages.h"
#include "paging.h"
#include "vn_order.h"

namespace cardex::http {

namespace {

std::string_view GenderLabel(Lang lang, std::string_view g) {
  return g.empty() ? g : Term(lang, "gender", g);
}

// The day list's status filter: not yet come, in progress, done (confirmed
// or further), or an exception.
std::string StatusGroup(std::string_view state) {
  auto s = ParseState(state);
  if (!s || *s == ExchangeState::kInvited || *s == ExchangeState::kListed ||
      *s == ExchangeState::kHomeVisit) {
    return "waiting";
  }
  if (*s == ExchangeState::kCheckedIn || *s == ExchangeState::kCaptured) return "in_progress";
  if (*s == ExchangeState::kConfirmed || IsReceived(*s)) return "done";
  return "exception";
}

std::string HourMinute(std::string_view local) {
  return local.size() >= 16 ? std::string(local.substr(11, 5)) : std::string(local);
}

// Stations a non-station account may open (they name one with ?station=).
Response StationPicker(Context& ctx) {
  Lang lang = LangOf(ctx);
  std::string items;
  std::vector<Station> stations;
  Status scanned = ctx.store.ScanStations([&](const Station& station) {
    if (Allowed(ctx.scopes, ctx.who(), Permission::kViewMembers, Target{"", station.code})) {
      stations.push_back(station);
    }
    return Status::Ok();
  });
  if (!scanned.ok()) return FromStatus(scanned);
  SortUnitsForPeople(stations, [](const Station& s) { return s.name; });
  for (const Station& station : stations) {
    items += Render(R"(<li><a class="btn" href="/desk?station={code}">{name} ({code})</a></li>)",
                    {{"code", station.code}, {"name", station.name}});
  }
  std::string body = Render(R"(<section class="card"><h1>{title}</h1><ul class="picker">{!items}</ul></section>)",
                            {{"title", T(lang, {"Chọn điểm tiếp nhận", "Choose a reception station"})},
                             {"items", items}});
  return UserPage(ctx, T(lang, {"Điểm tiếp nhận", "Reception stations"}), std::move(body));
}

Response DeskDay(Context& ctx) {
  Lang lang = LangOf(ctx);
  const std::string station = ctx.target.station_code;
  if (station.empty()) return StationPicker(ctx);
  std::string date = Date::Today().ToString();
  if (auto it = ctx.request.query.find("date"); it != ctx.request.query.end() && !it->second.empty()) {
    date = it->second;
  }
  auto parsed = Date::Parse(date);
  if (!parsed.ok()) return ErrorResponse(400, "bad_request", "body.date");
  auto found = FindStation(ctx.store, station);
  if (!found.ok()) return FromStatus(found.status());
  std::string station_name = *found ? (*found)->name : station;
  auto day = intake::StationDay(ctx.store, station, date);
  if (!day.ok()) return FromStatus(day.status());

  // Links keep ?station= for accounts that chose one.
  std::string keep = ctx.who().role == Role::kStationOfficer ? "" : "station=" + station + "&";
  // The day at a glance, then the list narrowed by hour and status and cut
  // into pages, so that a phone or tablet scrolls a page, not the whole day.
  auto query = [&](const char* key) {
    auto it = ctx.request.query.find(key);
    return it == ctx.request.query.end() ? std::string() : it->second;
  };
  const std::string want_hour = query("hour"), want_status = query("status");
  // Pages of 40 rows with http/paging.h's ?page=N and pager, as every long
  // list of the pages.
  constexpr size_t kPerPage = 40;
  auto window = PageWindow(ctx.request, kPerPage);
  if (!window.ok()) return FromStatus(window.status());
  int done = 0, waiting = 0, other = 0;
  std::vector<const intake::DayEntry*> shown;
  std::vector<std::string> hours;
  for (const intake::DayEntry& e : *day) {
    std::string group = StatusGroup(e.state);
    if (group == "waiting") {
      ++waiting;
    } else if (group == "done") {
      ++done;
    } else {
      ++other;
    }
    std::string hour = HourMinute(e.slot_start).substr(0, 2);
    if (hours.empty() || hours.back() != hour) hours.push_back(hour);
    if (!want_hour.empty() && hour != want_hour) continue;
    if (!want_status.empty() && group != want_status) continue;
    shown.push_back(&e);
  }
  const size_t first = std::min(window->offset, shown.size());
  const size_t end = std::min(shown.size(), first + window->limit);
  std::string rows, last_slot;
  for (size_t i = first; i < end; ++i) {
    const intake::DayEntry& e = *shown[i];
    if (e.slot_start != last_slot) {
      rows += Render(R"(<tr class="slot-head"><th colspan="5">{from}–{to}</th></tr>)",
                     {{"from", HourMinute(e.slot_start)}, {"to", HourMinute(e.slot_end)}});
      last_slot = e.slot_start;
    }
    rows += Render(R"(<tr data-member="{no}">
<td><a class="row-link" href="/desk/member/{no}">{name}</a><span class="sub">{no}</span></td>
<td class="mono">{id}</td>
<td>{unit}</td>
<td>{mode}</td>
<td>{!badge}</td>
</tr>)",
                   {{"no", e.member_no},
                    {"name", e.full_name},
                    {"id", MaskCitizenId(e.citizen_id)},
                    {"unit", e.unit_code},
                    {"mode", e.mode == "home_visit" ? T(lang, {"Tại nhà", "At home"})
                                                    : T(lang, {"Tại điểm", "At the station"})},
                    {"badge", StateBadge(lang, e.state)}});
  }
  if (shown.empty()) {
    rows = Render(R"(<tr><td colspan="5" class="empty">{t}</td></tr>)",
                  {{"t", day->empty() ? T(lang, {"Không có lịch hẹn trong ngày này.", "No appointments on this day."})
                                      : T(lang, {"Không có lịch hẹn nào khớp bộ lọc.", "No appointment matches the filter."})}});
  }
  // The filter: hour and status (a GET form, so the page stays read-only).
  std::string hour_options = Render(R"(<option value="">{t}</option>)", {{"t", T(lang, {"Cả ngày", "All day"})}});
  for (const std::string& h : hours) {
    hour_options += Render(R"(<option value="{h}"{!sel}>{h}:00–{h}:59</option>)",
                           {{"h", h}, {"sel", h == want_hour ? " selected" : ""}});
  }
  const struct {
    std::string_view value;
    Tr label;
  } kGroups[] = {{"", {"Mọi trạng thái", "Every status"}},
                 {"waiting", {"Chưa đến", "Not yet come"}},
                 {"in_progress", {"Đang làm", "In progress"}},
                 {"done", {"Đã xong", "Done"}},
                 {"exception", {"Ngoại lệ", "Exceptions"}}};
  std::string status_options;
  for (const auto& g : kGroups) {
    status_options += Render(R"(<option value="{v}"{!sel}>{l}</option>)",
                             {{"v", g.value}, {"l", T(lang, g.label)},
                              {"sel", g.value == want_status ? " selected" : ""}});
  }
  const std::string pager = PagerHtml(ctx.request, lang, first, end - first, shown.size(), kPerPage);
  std::string filter = Render(R"(<form class="row filter" method="get" action="/desk">
{!keep_input}<input type="hidden" name="date" value="{date}">
<label>{l_hour}<select name="hour">{!hours}</select></label>
<label>{l_status}<select name="status">{!statuses}</select></label>
<button class="btn" type="submit">{apply}</button>
</form>)",
                              {{"keep_input", keep.empty() ? std::string()
                                                           : Render(R"(<input type="hidden" name="station" value="{s}">)",
                                                                    {{"s", station}})},
                               {"date", date},
                               {"l_hour", T(lang, {"Khung giờ", "Hour"})},
                               {"hours", hour_options},
                               {"l_status", T(lang, {"Trạng thái", "Status"})},
                               {"statuses", status_options},
                               {"apply", T(lang, {"Lọc", "Filter"})}});
  std::string prev = Date::FromDays(parsed->days() - 1).ToString();
  std::string next = Date::FromDays(parsed->days() + 1).ToString();
  std::string body = Render(
      R"(<section class="card">
<h1>{station_name} <span class="sub">{station}</span></h1>
<form class="row day-nav" method="get" action="/desk">
{!keep_input}
<a class="btn" href="/desk?{keep}date={prev}" aria-label="{prev_label}">‹</a>
<input type="date" name="date" value="{date}" aria-label="{date_label}">
<button class="btn" type="submit">{show}</button>
<a class="btn" href="/desk?{keep}date={next}" aria-label="{next_label}">›</a>
</form>
<p class="counts"><span>{total_l}: <b>{total}</b></span> <span>{waiting_l}: <b>{waiting}</b></span> <span>{done_l}: <b>{done}</b></span> <span>{other_l}: <b>{other}</b></span></p>
</section>
<section class="card">
<h2>{checkin_title}</h2>
<form id="lookup-form" class="row" autocomplete="off" data-err-camera="{ecam}">
<input id="lookup-code" name="code" class="big-input" inputmode="text" autocapitalize="characters" spellcheck="false" placeholder="{placeholder}" aria-label="{placeholder}" required autofocus>
<button class="btn btn-primary btn-big" type="submit">{checkin}</button>
<button class="btn btn-big" type="button" data-scan hidden>{scan}</button>
</form>
<div id="scanner" hidden><video playsinline muted></video><button class="btn" type="button" data-scan-stop>{stop}</button></div>
<p class="msg" role="alert" hidden></p>
<ul id="lookup-results" class="picker"></ul>
</section>
<section class="card">
<h2>{list_title}</h2>
{!filter}{!pager}
<table class="day">
<thead><tr><th>{c_name}</th><th>{c_id}</th><th>{c_unit}</th><th>{c_mode}</th><th>{c_state}</th></tr></thead>
<tbody>{!rows}</tbody>
</table>
{!pager}
</section>)",
      {{"station_name", station_name},
       {"station", station},
       {"keep_input", keep.empty() ? std::string()
                                   : Render(R"(<input type="hidden" name="station" value="{s}">)",
                                            {{"s", station}})},
       {"keep", keep},
       {"prev", prev},
       {"next", next},
       {"date", date},
       {"prev_label", T(lang, {"Ngày trước", "Previous day"})},
       {"next_label", T(lang, {"Ngày sau", "Next day"})},
       {"date_label", T(lang, {"Ngày", "Date"})},
       {"show", T(lang, {"Xem", "Show"})},
       {"total_l", T(lang, {"Lịch hẹn", "Appointments"})},
       {"total", std::to_string(day->size())},
       {"waiting_l", T(lang, {"Chưa đến", "Not yet come"})},
       {"waiting", std::to_string(waiting)},
       {"done_l", T(lang, {"Đã xong", "Done"})},
       {"done", std::to_string(done)},
       {"other_l", T(lang, {"Đang làm / ngoại lệ", "In progress / exceptions"})},
       {"other", std::to_string(other)},
       {"checkin_title", T(lang, {"Tìm đảng viên", "Find a member"})},
       {"placeholder", T(lang, {"Mã mời (QR), số thẻ, số CCCD, hoặc họ tên và năm sinh", "Invitation code (QR), member no., citizen id, or name and birth year"})},
       {"checkin", T(lang, {"Tìm", "Find"})},
       {"ecam", T(lang, {"Không mở được camera; gõ mã mời hoặc dùng máy quét cầm tay.", "The camera cannot be opened; type the code or use a handheld scanner."})},
       {"scan", T(lang, {"Quét QR", "Scan QR"})},
       {"stop", T(lang, {"Dừng quét", "Stop scanning"})},
       {"list_title", T(lang, {"Lịch hẹn theo khung giờ", "Appointments by slot"})},
       {"c_name", T(lang, {"Họ tên / số thẻ", "Name / member no."})},
       {"c_id", T(lang, {"CCCD", "Citizen id"})},
       {"c_unit", T(lang, {"Chi bộ", "Cell"})},
       {"c_mode", T(lang, {"Hình thức", "Mode"})},
       {"c_state", T(lang, {"Trạng thái", "State"})},
       {"rows", rows},
       {"filter", filter},
       {"pager", pager}});
  return UserPage(ctx, station_name, std::move(body));
}

bool HasField(std::string_view fields, std::string_view name) {
  while (!fields.empty()) {
    size_t end = fields.find(';');
    if (fields.substr(0, end) == name) return true;
    if (end == std::string_view::npos) break;
    fields.remove_prefix(end + 1);
  }
  return false;
}

// One action form: desk.js sends its fields as JSON to `url` and reloads.
std::string ActionForm(std::string_view url, std::string_view method, int64_t version,
                       std::string_view fields_html, std::string_view button,
                       std::string_view css = "btn-primary") {
  return Render(R"(<form class="action" data-url="{url}" data-method="{method}"{!version}>
{!fields}<button class="btn btn-big {css}" type="submit">{button}</button>
</form>)",
                {{"url", url},
                 {"method", method},
                 {"version", version >= 0 ? Render(R"( data-version="{v}")", {{"v", std::to_string(version)}})
                                          : std::string()},
                 {"fields", fields_html},
                 {"button", button},
                 {"css", css}});
}

Response MemberPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto v = intake::Verify(ctx.store, ctx.Param("member_no"));
  if (!v.ok()) return FromStatus(v.status());
  const Principal& who = ctx.who();
  auto allowed = [&](Permission p) { return Allowed(ctx.scopes, who, p, ctx.target); };
  auto can = [&](Permission p, ExchangeStep step, std::string_view reason = "") {
    return allowed(p) && NextState(v->state, step, reason).ok();
  };
  bool unmasked = allowed(Permission::kViewMemberDetailUnmaskedIds);
  auto id = [&](const std::string& s) { return unmasked ? s : MaskCitizenId(s); };
  const std::string state(StateName(v->state));
  const std::string base = "/api/members/" + v->member_no;
  const bool standardised = !v->std_source.empty();
  // What the card will carry, or why it may not be made yet (the rule card
  // production applies: core/card_values.h).
  auto card = intake::MemberCardValues(ctx.store, v->member_no);
  if (!card.ok()) return FromStatus(card.status());

  // Recorded, standardised and registry values side by side; differing
  // fields marked.
  struct FieldRow {
    std::string_view key;
    Tr label;
    std::string recorded, std, registry;
  };
  FieldRow fields[] = {
      {"citizen_id", {"Số CCCD", "Citizen id"}, id(v->citizen_id), id(v->std_citizen_id), ""},
      {"full_name", {"Họ và tên", "Full name"}, v->full_name, v->std_full_name, v->registry_full_name},
      {"birth_date", {"Ngày sinh", "Birth date"}, v->birth_date, v->std_birth_date, v->registry_birth_date},
      {"gender", {"Giới tính", "Gender"}, std::string(GenderLabel(lang, v->gender)),
       std::string(GenderLabel(lang, v->std_gender)), std::string(GenderLabel(lang, v->registry_gender))},
  };
  // Each cell names its column (data-label): on a phone the rows stack and
  // the column heads, hidden, are said beside each value (desk.css).
  const Tr c_rec{"Chi bộ ghi", "Recorded"}, c_std{"Đã chuẩn hóa", "Standardised"},
      c_reg{"CSDL dân cư", "Registry"};
  std::string table_rows;
  for (const FieldRow& f : fields) {
    table_rows += Render(
        R"(<tr class="{cls}" data-field="{key}"><th>{label}</th><td data-label="{l_rec}">{rec}</td>{!std}<td data-label="{l_reg}">{reg}</td></tr>)",
        {{"cls", HasField(v->fields, f.key) ? "diff" : ""},
         {"key", f.key},
         {"label", T(lang, f.label)},
         {"l_rec", T(lang, c_rec)},
         {"rec", f.recorded},
         {"std", standardised ? Render(R"(<td data-label="{l}">{s}</td>)", {{"l", T(lang, c_std)}, {"s", f.std}})
                              : std::string()},
         {"l_reg", T(lang, c_reg)},
         {"reg", f.registry.empty() ? "—" : f.registry}});
  }
  std::string advice = lang == Lang::kEn ? v->advice_en : v->advice_vi;
  std::string verification = Render(
      R"(<section class="card">
<h2>{title}</h2>
<p class="verdict verdict-{verdict}" data-verdict="{verdict}">{verdict_label}</p>
{!advice}
<table class="compare">
<thead><tr><th></th><th>{c_rec}</th>{!c_std}<th>{c_reg}</th></tr></thead>
<tbody>{!rows}</tbody>
</table>
{!suggested}{!deceased}{!corrections}
</section>)",
      {{"title", T(lang, {"Đối chiếu với CSDL dân cư", "Check against the population registry"})},
       {"verdict", v->verdict},
       {"verdict_label", VerdictLabel(lang, v->verdict)},
       {"advice", advice.empty() ? std::string()
                                 : Render(R"(<p class="advice"><b>{h}:</b> {a}</p>)",
                                          {{"h", T(lang, {"Cần làm", "To fix"})}, {"a", advice}})},
       {"c_rec", T(lang, c_rec)},
       {"c_std", standardised ? Render("<th>{t}</th>", {{"t", T(lang, c_std)}}) : std::string()},
       {"c_reg", T(lang, c_reg)},
       {"rows", table_rows},
       {"suggested", v->suggested_citizen_id.empty()
                         ? std::string()
                         : Render(R"(<p>{t}: <b class="mono">{s}</b></p>)",
                                  {{"t", T(lang, {"Số CCCD gợi ý", "Suggested citizen id"})},
                                   {"s", id(v->suggested_citizen_id)}})},
       {"deceased", v->registry_deceased_on.empty()
                        ? std::string()
                        : Render(R"(<p class="warn">{t}: {d}</p>)",
                                 {{"t", T(lang, {"CSDL ghi đã mất ngày", "Registry: died on"})},
                                  {"d", v->registry_deceased_on}})},
       {"corrections", v->open_corrections == 0
                           ? std::string()
                           : Render(R"(<p class="warn">{t}: {n}</p>)",
                                    {{"t", T(lang, {"Yêu cầu sửa đang mở", "Open corrections"})},
                                     {"n", std::to_string(v->open_corrections)}})}});

  // The steps, each shown only when the state and the account allow it.
  std::string steps;
  if (can(Permission::kDeskCheckIn, ExchangeStep::kCheckIn)) {
    steps += ActionForm(base + "/check-in", "POST", v->version, "",
                        T(lang, {"Tiếp nhận", "Check in"}));
  }
  if (can(Permission::kDeskCapture, ExchangeStep::kCapture)) {
    steps += Render(R"(<form class="action photo-form" data-url="{url}/photo" data-method="PUT" data-kind="photo" data-version="{version}" data-err-type="{etype}" data-err-size="{esize}">
{!picker}
<img class="preview" alt="" hidden>
<button class="btn btn-big btn-primary" type="submit">{upload}</button>
</form>)",
                    {{"url", base},
                     {"version", std::to_string(v->version)},
                     {"etype", T(lang, {"Ảnh phải là JPEG hoặc PNG.", "The photo must be a JPEG or PNG."})},
                     {"esize", T(lang, {"Ảnh quá lớn (tối đa 2 MB).", "The photo is too large (2 MB at most)."})},
                     {"picker", FilePicker("photo", R"(accept="image/jpeg,image/png" capture="user")",
                                           v->has_photo ? T(lang, {"Chụp / chọn lại ảnh", "Take or choose again"})
                                                        : T(lang, {"Chụp / chọn ảnh", "Take or choose a photo"}),
                                           T(lang, {"Chưa chọn ảnh", "No photo chosen"}))},
                     {"upload", T(lang, {"Tải ảnh lên", "Upload the photo"})}});
  }
  const bool at_desk = v->state == ExchangeState::kCheckedIn || v->state == ExchangeState::kCaptured;
  if (!card->clean() && (at_desk || v->state == ExchangeState::kConfirmed)) {
    // The registry contradicts the record: say so before any step, and
    // offer the settlement on the spot (the other way out is the wrong_data
    // exception, below).
    std::string settle;
    if (at_desk && allowed(Permission::kDeskConfirm) &&
        card->unclean_id != "unclean.open_correction" && card->unclean_id != "unclean.deceased") {
      settle = ActionForm(base + "/settle", "POST", v->version,
                          Render(R"(<p class="hint">{t}</p>
)",
                                 {{"t", T(lang, {"Chỉ bấm khi thẻ căn cước của đảng viên khớp với cột CSDL dân cư. Sau đó đọc lại thông tin in trên thẻ cho đảng viên.",
                                                 "Press only when the member's identity card agrees with the registry column. Then read the card data back to the member."})}}),
                          T(lang, {"Áp dụng thông tin theo CSDL dân cư", "Apply the registry's values"}),
                          "btn-warn settle");
    }
    steps += Render(R"(<div class="unclean" data-unclean="{id}">
<p class="warn"><b>{h}:</b> {why}.</p>
<p>{todo}</p>
{!settle}
</div>)",
                    {{"id", card->unclean_id},
                     {"h", T(lang, {"Chưa thể xác nhận và gửi hồ sơ", "Cannot confirm or submit yet"})},
                     {"why", Msg(lang, card->unclean_id, card->unclean_args)},
                     {"todo", card->unclean_id == "unclean.open_correction"
                                  ? T(lang, {"Chờ đơn vị sửa xong thông tin rồi đặt lịch bổ sung.",
                                             "Wait until the unit has corrected the record, then book a catch-up slot."})
                                  : T(lang, {"Nếu CSDL dân cư đúng, áp dụng thông tin theo CSDL; nếu không, ghi nhận ngoại lệ “Thông tin sai, cần sửa”.",
                                             "If the registry is right, apply its values; if not, record the exception \"Wrong data\"."})},
                     {"settle", settle}});
  }
  if (can(Permission::kDeskConfirm, ExchangeStep::kConfirm)) {
    const PersonValues& cv = card->values;
    steps += Render(R"(<div class="confirm-box" data-clean="{clean}">
<h3>{title}</h3>
<dl class="card-data">
<dt>{l_name}</dt><dd>{name}</dd><dt>{l_birth}</dt><dd>{birth}</dd><dt>{l_gender}</dt><dd>{gender}</dd><dt>{l_id}</dt><dd class="mono">{cid}</dd><dt>{l_unit}</dt><dd>{unit}</dd>
</dl>
{!form}
</div>)",
                    {{"clean", card->clean() ? "true" : "false"},
                     {"title", T(lang, {"Đảng viên xác nhận thông tin in trên thẻ", "The member confirms the data for the card"})},
                     {"l_name", T(lang, {"Họ và tên", "Full name"})},
                     {"name", card->clean() ? vn_name::Nfc(cv.full_name) : "—"},
                     {"l_birth", T(lang, {"Ngày sinh", "Birth date"})},
                     {"birth", card->clean() ? cv.birth_date : "—"},
                     {"l_gender", T(lang, {"Giới tính", "Gender"})},
                     {"gender", card->clean() ? GenderLabel(lang, cv.gender) : "—"},
                     {"l_id", T(lang, {"Số CCCD", "Citizen id"})},
                     {"cid", card->clean() ? id(cv.citizen_id) : "—"},
                     {"l_unit", T(lang, {"Chi bộ", "Cell"})},
                     {"unit", v->unit_name},
                     {"form", ActionForm(base + "/confirm", "POST", v->version,
                                         Render(R"(<label class="check"><input type="checkbox" data-ack required> {t}</label>
)",
                                                {{"t", T(lang, {"Đảng viên đã đọc lại và xác nhận đúng.",
                                                                "The member has read it and confirms it is right."})}}),
                                         T(lang, {"Xác nhận", "Confirm"}))}});
  }
  if (can(Permission::kDeskSubmit, ExchangeStep::kSubmit)) {
    steps += ActionForm(base + "/submit", "POST", v->version, "",
                        T(lang, {"Gửi hồ sơ đi in thẻ", "Submit for card production"}));
  }
  if (can(Permission::kHandOver, ExchangeStep::kHandOver)) {
    steps += ActionForm(base + "/hand-over", "POST", -1,
                        Render(R"(<label>{t}<input name="card_no" class="mono" data-card-no-input required></label>
)",
                               {{"t", T(lang, {"Số thẻ mới (trên thẻ)", "New card number (on the card)"})}}),
                        T(lang, {"Trao thẻ", "Hand the card over"}));
  }
  std::string card_info;
  if (v->state == ExchangeState::kCardProduced || v->state == ExchangeState::kCardDelivered ||
      v->state == ExchangeState::kHandedOver) {
    // The card's state comes from the API as a code; its words are here.
    card_info = Render(R"(<p class="card-info" data-card-url="{url}/card" data-l-produced="{lp}" data-l-delivered="{ld}" data-l-handed_over="{lh}" data-l-revoked="{lr}">{t}: <b class="mono" data-card-no>…</b> <span data-card-state></span></p>)",
                       {{"url", base}, {"t", T(lang, {"Thẻ mới", "New card"})},
                        {"lp", Term(lang, "card_state", "produced")},
                        {"ld", Term(lang, "card_state", "delivered")},
                        {"lh", Term(lang, "card_state", "handed_over")},
                        {"lr", Term(lang, "card_state", "revoked")}});
  } else if (v->state == ExchangeState::kSubmitted) {
    // Back in the queue after a revocation (reissue_card): say which card
    // was revoked, so the officer does not look for it.
    auto revoked = cards::LatestRevokedCard(ctx.store, v->member_no);
    if (revoked.ok() && *revoked) {
      card_info = Render(
          R"(<p class="card-info" data-card-reissue>{t} <b class="mono">{no}</b> ({why}). {next}</p>)",
          {{"t", T(lang, {"Thẻ đã thu hồi:", "Revoked card:"})},
           {"no", (*revoked)->card_no},
           {"why", std::string(Term(lang, "reason", (*revoked)->reason))},
           {"next", T(lang, {"Thẻ thay thế sẽ được in trong đợt sản xuất tới.",
                             "A replacement is made in the next production batch."})}});
    }
  }

  // Exceptions and catch-up booking.
  struct Reason {
    std::string_view name;
    ExchangeStep step;
    Tr label;
  };
  const Reason reasons[] = {
      {"absent", ExchangeStep::kMarkAbsent, {"Vắng mặt", "Absent"}},
      {"busy", ExchangeStep::kMarkAbsent, {"Bận công tác", "Busy at work"}},
      {"ill", ExchangeStep::kMarkIll, {"Ốm, cần đến tận nhà", "Ill: needs a home visit"}},
      {"wrong_data", ExchangeStep::kMarkWrongData, {"Thông tin sai, cần sửa", "Wrong data: to be corrected"}},
      {"deceased", ExchangeStep::kClose, {"Đã qua đời", "Deceased"}},
      {"transferred", ExchangeStep::kClose, {"Đã chuyển sinh hoạt", "Transferred"}},
  };
  std::string options;
  for (const Reason& r : reasons) {
    if (!can(Permission::kDeskException, r.step, r.name)) continue;
    options += Render(R"(<option value="{v}">{l}</option>)", {{"v", r.name}, {"l", T(lang, r.label)}});
  }
  std::string side;
  if (!options.empty()) {
    side += Render(R"(<section class="card"><h2>{title}</h2>{!form}</section>)",
                   {{"title", T(lang, {"Ghi nhận ngoại lệ", "Record an exception"})},
                    {"form", ActionForm(base + "/exception", "POST", v->version,
                                        Render(R"(<label>{l_reason}<select name="reason" required>{!options}</select></label>
<label>{l_note}<textarea name="note" rows="2"></textarea></label>
)",
                                               {{"l_reason", T(lang, {"Lý do", "Reason"})},
                                                {"options", options},
                                                {"l_note", T(lang, {"Ghi chú", "Note"})}}),
                                        T(lang, {"Ghi nhận", "Record"}), "btn-warn")}});
  }
  if (can(Permission::kBookCatchUp, ExchangeStep::kBook)) {
    std::string not_before = Date::Today().ToString() + "T07:00";
    side += Render(R"(<section class="card"><h2>{title}</h2>{!form}</section>)",
                   {{"title", T(lang, {"Đặt lịch bổ sung", "Book a catch-up slot"})},
                    {"form", ActionForm(base + "/booking", "POST", -1,
                                        Render(R"(<label>{l}<input type="datetime-local" name="not_before" value="{v}" required></label>
)",
                                               {{"l", T(lang, {"Không sớm hơn", "Not before"})}, {"v", not_before}}),
                                        T(lang, {"Tìm khung giờ trống sớm nhất", "Book the earliest free slot"}))}});
  }

  std::string appointment;
  if (!v->slot_start.empty()) {
    appointment = Render(R"(<p>{l}: <b>{station}</b> {from}–{to}{!code}</p>)",
                         {{"l", T(lang, {"Lịch hẹn", "Appointment"})},
                          {"station", v->station_code},
                          {"from", v->slot_start.size() == 16 ? v->slot_start.substr(0, 10) + " " + v->slot_start.substr(11) : v->slot_start},
                          {"to", HourMinute(v->slot_end)},
                          {"code", v->invitation_code.empty() || !allowed(Permission::kDeskCheckIn)
                                       ? std::string()
                                       : Render(R"( · {l} <b class="mono" data-invitation>{c}</b>)",
                                                {{"l", T(lang, {"mã mời", "invitation code"})},
                                                 {"c", v->invitation_code}})}});
  }
  std::string photo = v->has_photo
                          ? Render(R"(<img class="photo" src="{u}/photo?v={ver}" alt="{alt}">)",
                                   {{"u", base}, {"ver", std::to_string(v->version)},
                                    {"alt", T(lang, {"Ảnh đảng viên", "The member's photo"})}})
                          : Render(R"(<div class="photo none">{t}</div>)",
                                   {{"t", T(lang, {"Chưa có ảnh", "No photo yet"})}});
  std::string back = who.role == Role::kStationOfficer
                         ? Render(R"(<a class="btn" href="/desk{date}">‹ {t}</a>)",
                                  {{"date", v->slot_start.size() >= 10 ? "?date=" + v->slot_start.substr(0, 10) : ""},
                                   {"t", T(lang, {"Lịch trong ngày", "The day's list"})}})
                         : Render(R"(<a class="btn" href="/units/{u}">‹ {t}</a>)",
                                  {{"u", v->unit_code}, {"t", v->unit_name}});
  std::string body = Render(
      R"(<div class="member" data-member="{no}" data-state="{state}" data-version="{version}">
<section class="card head">
{!back}
<div class="row">
{!photo}
<div>
<h1>{name}</h1>
<p class="sub">{l_no} <b class="mono">{no}</b> · {unit_name} ({unit}) · {status}</p>
<p>{!badge}</p>
{!appointment}{!card_info}
</div>
</div>
</section>
<div class="cols">
<div>{!verification}</div>
<div>
<section class="card steps"><h2>{steps_title}</h2>{!steps}<p class="msg" role="alert" hidden></p></section>
{!side}
</div>
</div>
</div>)",
      {{"no", v->member_no},
       {"state", state},
       {"version", std::to_string(v->version)},
       {"back", back},
       {"photo", photo},
       {"name", standardised && !v->std_full_name.empty() ? v->std_full_name : v->full_name},
       {"l_no", T(lang, {"Số thẻ đảng", "Member no."})},
       {"unit_name", v->unit_name},
       {"unit", v->unit_code},
       {"status", v->status == "official" ? T(lang, {"chính thức", "official"})
                                          : T(lang, {"dự bị", "probationary"})},
       {"badge", StateBadge(lang, state)},
       {"appointment", appointment},
       {"card_info", card_info},
       {"verification", verification},
       {"steps_title", T(lang, {"Các bước", "Steps"})},
       {"steps", steps.empty() ? Render(R"(<p class="empty">{t}</p>)",
                                        {{"t", T(lang, {"Không có bước nào bạn có thể làm ở trạng thái này.",
                                                        "Nothing for you to do in this state."})}})
                               : steps},
       {"side", side}});
  return UserPage(ctx, v->full_name, std::move(body));
}

}  // namespace

void AddDeskPages(AppRouter& router) {
  router.Add("GET", "/desk",
             PageRoute("/desk", Permission::kDeskCheckIn, TargetFrom::kQueryStation, DeskDay));
  router.Add("GET", "/desk/member/{member_no}",
             PageRoute("/desk/member/{member_no}", Permission::kViewMembers, TargetFrom::kMember,
                       MemberPage));
}

}  // namespace cardex::http
