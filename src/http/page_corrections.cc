// The corrections work list for unit officers (/corrections): the members
// of their units whose record differs from the registry or waits for a
// correction, filtered by verdict, unit and age, in Vietnamese order;
// for each, the recorded values, the registry's and the suggestion side
// by side, and the actions `cardex resolve` offers; each unit's backlog.
// The buttons call the JSON API (api_corrections.cc) through desk.js.
#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/verdict.h"
#include "cardex/core/vn_format.h"
#include "cardex/reconcile/work_list.h"
#include "corrections_query.h"
#include "pages.h"

namespace cardex::http {

namespace {

std::string Days(Lang lang, double days) {
  return vn_format::Decimal(days, 1) + (lang == Lang::kEn ? " d" : " ngày");
}

std::string BirthText(std::string_view d) {
  if (d.size() == 10) {
    if (auto date = Date::Parse(d); date.ok()) return vn_format::DateText(*date);
  }
  if (d.size() == 7 && d[4] == '-') return std::string(d.substr(5, 2)) + "/" + std::string(d.substr(0, 4));
  return std::string(d);
}

std::string_view GenderText(Lang lang, std::string_view g) {
  if (g == "M") return T(lang, {"Nam", "Male"});
  if (g == "F") return T(lang, {"Nữ", "Female"});
  return g;
}

// An id or a date is never broken across lines (nowrap); names wrap at spaces.
std::string Cell(std::string_view value, bool nowrap) {
  if (value.empty()) return "<td>—</td>";
  return Render(nowrap ? R"(<td class="nowrap">{v}</td>)" : "<td>{v}</td>", {{"v", value}});
}

// The table of one member: a row per field, the recorded, registry and
// suggested values side by side; the rows that differ are marked.
std::string CompareTable(Lang lang, const reconcile::WorkItem& w, bool full_ids) {
  auto id = [&](const std::string& v) { return full_ids || v.empty() ? v : MaskCitizenId(v); };
  const bool reg = !w.registry_full_name.empty();
  const bool sug = !w.suggested_citizen_id.empty();
  const bool id_differs = w.verdict == "invalid_id" || w.verdict == "id_not_found" ||
                          w.verdict == "duplicate_id" || w.verdict == "wrong_person";
  struct Row {
    Tr label;
    bool differs, nowrap;
    std::string recorded, registry, suggestion;
  } rows[] = {
      {{"Số CCCD", "Citizen ID"}, id_differs, true, id(w.citizen_id), reg ? id(w.citizen_id) : "",
       id(w.suggested_citizen_id)},
      {{"Họ và tên", "Full name"}, (w.fields & kFieldFullName) != 0, false, w.full_name,
       w.registry_full_name, w.suggested_full_name},
      {{"Ngày sinh", "Birth date"}, (w.fields & kFieldBirthDate) != 0, true, BirthText(w.birth_date),
       BirthText(w.registry_birth_date), BirthText(w.suggested_birth_date)},
      {{"Giới tính", "Gender"}, (w.fields & kFieldGender) != 0, true,
       std::string(GenderText(lang, w.gender)), std::string(GenderText(lang, w.registry_gender)),
       std::string(GenderText(lang, w.suggested_gender))},
  };
  // The suggestion's column only where there is one: three columns fit a phone.
  std::string body;
  for (const Row& r : rows) {
    body += Render(R"(<tr{!diff}><th>{label}</th>{!a}{!b}{!c}</tr>)",
                   {{"diff", r.differs ? R"( class="diff")" : ""},
                    {"label", T(lang, r.label)},
                    {"a", Cell(r.recorded, r.nowrap)},
                    {"b", Cell(reg ? r.registry : "", r.nowrap)},
                    {"c", sug ? Cell(r.suggestion, r.nowrap) : std::string()}});
  }
  return Render(R"(<div class="scroll"><table class="compare side"><thead><tr><th></th><th>{h1}</th><th>{h2}</th>{!h3}</tr></thead><tbody>{!body}</tbody></table></div>)",
                {{"h1", T(lang, {"Hồ sơ đảng viên", "Party record"})},
                 {"h2", T(lang, {"CSDL dân cư", "Registry"})},
                 {"h3", sug ? Render("<th>{t}</th>", {{"t", T(lang, {"Gợi ý", "Suggestion"})}}) : std::string()},
                 {"body", body}});
}

// The error texts desk.js shows for the answers a person can meet.
std::string ErrAttrs(Lang lang) {
  return Render(R"( data-err409="{e409}" data-err400="{e400}" data-err403="{e403}")",
                {{"e409", T(lang, {"Không thực hiện được: hồ sơ đã thay đổi hoặc đã được xử lý. Hãy tải lại trang.",
                                   "Not done: the record changed or was dealt with already. Reload the page."})},
                 {"e400", T(lang, {"Hãy nhập nội dung (tối đa 1.000 ký tự).", "Please fill in the text (at most 1,000 characters)."})},
                 {"e403", T(lang, {"Tài khoản không có quyền chỉnh sửa hồ sơ này.", "Your account may not correct this record."})}});
}

std::string Actions(Lang lang, const reconcile::WorkItem& w) {
  std::string out;
  const std::string err = ErrAttrs(lang);
  if (w.difference_open && (w.verdict == "fixable" || w.verdict == "mismatch")) {
    out += Render(R"(<form class="action" data-do="apply-registry" data-url="/api/members/{no}/apply-registry" data-method="POST"{!err}><button class="btn btn-primary" type="submit">{t}</button></form>)",
                  {{"no", w.member_no}, {"err", err},
                   {"t", T(lang, {"Áp dụng thông tin theo CSDL dân cư", "Apply the registry's values"})}});
  }
  if (w.difference_open && !w.suggested_citizen_id.empty()) {
    out += Render(R"(<form class="action" data-do="accept-suggestion" data-url="/api/members/{no}/accept-suggestion" data-method="POST"{!err}><button class="btn btn-primary" type="submit">{t}</button></form>)",
                  {{"no", w.member_no}, {"err", err},
                   {"t", T(lang, {"Nhận số CCCD được gợi ý", "Accept the suggested citizen ID"})}});
  }
  if (!w.correction_open()) {
    out += Render(R"(<form class="action" data-do="send-to-correction" data-url="/api/members/{no}/corrections" data-method="POST"{!err}><label>{l}<textarea name="note" required maxlength="1000" placeholder="{ph}"></textarea></label><button class="btn" type="submit">{t}</button></form>)",
                  {{"no", w.member_no}, {"err", err},
                   {"l", T(lang, {"Nội dung cần chỉnh sửa", "What must be corrected"})},
                   {"ph", T(lang, {"Ví dụ: kiểm tra lại năm sinh theo CCCD bản gốc", "E.g. check the birth year against the ID card"})},
                   {"t", T(lang, {"Chuyển đơn vị chỉnh sửa", "Send to the unit for correction"})}});
  } else {
    out += Render(R"(<form class="action" data-do="close-correction" data-url="/api/members/{no}/corrections/close" data-method="POST"{!err}><label>{l}<textarea name="evidence" required maxlength="1000" placeholder="{ph}"></textarea></label><button class="btn btn-primary" type="submit">{t}</button></form>)",
                  {{"no", w.member_no}, {"err", err},
                   {"l", T(lang, {"Căn cứ đã chỉnh sửa", "Evidence of the correction"})},
                   {"ph", T(lang, {"Ví dụ: đã đối chiếu CCCD bản gốc, sửa hồ sơ ngày 08/12", "E.g. checked against the ID card, record fixed on 08/12"})},
                   {"t", T(lang, {"Đóng yêu cầu chỉnh sửa", "Close the correction"})}});
  }
  return out;
}

std::string ItemHtml(Context& ctx, Lang lang, const reconcile::WorkItem& w) {
  const Target cell{w.unit_code, "", ""};
  const bool full = Allowed(ctx.scopes, ctx.who(), Permission::kViewMemberDetailUnmaskedIds, cell);
  const bool act = Allowed(ctx.scopes, ctx.who(), Permission::kCorrectRecords, cell);
  std::string status;
  if (w.difference_open) {
    status = Render(R"(<span class="verdict verdict-{v}">{label}</span> <span class="sub">{found}</span>)",
                    {{"v", w.verdict},
                     {"label", VerdictLabel(lang, w.verdict)},
                     {"found", (lang == Lang::kEn ? "found " : "phát hiện ") +
                                   vn_format::LocalDateTime(w.found_at)}});
  }
  std::string correction;
  if (w.correction_open()) {
    correction = Render(R"(<p class="advice" data-correction>{t} {at} ({by}): {note}</p>)",
                        {{"t", T(lang, {"Đã chuyển đơn vị chỉnh sửa lúc", "Sent for correction on"})},
                         {"at", vn_format::LocalDateTime(w.correction_opened_at)},
                         {"by", w.correction_opened_by},
                         {"note", w.correction_note}});
  }
  return Render(R"(<article class="work-item" data-member="{no}" data-verdict="{v}"{!corr}>
<h3>{name} <span class="sub">{l_no} {no} · {unit} · {l_age} {age}</span></h3>
{!status}{!correction}{!table}{!actions}<p class="msg" role="alert" hidden></p></article>)",
                {{"no", w.member_no},
                 {"v", w.difference_open ? w.verdict : "correction"},
                 {"corr", w.correction_open() ? " data-correction-open" : ""},
                 {"name", w.full_name},
                 {"l_no", T(lang, {"Số thẻ", "Card no."})},
                 {"unit", w.unit_name.empty() ? w.unit_code : w.unit_name},
                 {"l_age", T(lang, {"tồn", "open"})},
                 {"age", Days(lang, w.age_days)},
                 {"status", status},
                 {"correction", correction},
                 {"table", CompareTable(lang, w, full)},
                 {"actions", act ? Actions(lang, w) : std::string()}});
}

std::string BacklogTable(Lang lang, const reconcile::WorkList& list) {
  std::string rows;
  for (const reconcile::UnitBacklog& b : list.units) {
    rows += Render(R"(<tr data-backlog="{code}" data-open="{n}"><td><a class="row-link" href="/corrections?unit={code}">{name}</a></td><td class="num">{open}</td><td class="num">{fix}</td><td class="num">{corr}</td><td class="num">{oldest}</td><td class="num">{mean}</td></tr>)",
                   {{"code", b.unit_code}, {"n", std::to_string(b.open)}, {"name", b.unit_name},
                    {"open", vn_format::Integer(b.open)}, {"fix", vn_format::Integer(b.fixable)},
                    {"corr", vn_format::Integer(b.corrections)},
                    {"oldest", b.open ? Days(lang, b.oldest_days) : "—"},
                    {"mean", b.open ? Days(lang, b.mean_days) : "—"}});
  }
  return Render(R"(<div class="scroll"><table class="backlog"><thead><tr><th>{c1}</th><th>{c2}</th><th>{c3}</th><th>{c4}</th><th>{c5}</th><th>{c6}</th></tr></thead><tbody>{!rows}</tbody></table></div>)",
                {{"c1", T(lang, {"Đơn vị", "Unit"})},
                 {"c2", T(lang, {"Còn tồn", "Open"})},
                 {"c3", T(lang, {"Khác cách viết", "Form only"})},
                 {"c4", T(lang, {"Chờ sửa", "Awaiting"})},
                 {"c5", T(lang, {"Lâu nhất", "Oldest"})},
                 {"c6", T(lang, {"Trung bình", "Mean age"})},
                 {"rows", rows}});
}

std::string Option(std::string_view value, std::string_view label, bool selected) {
  return Render(R"(<option value="{v}"{!s}>{l}</option>)",
                {{"v", value}, {"s", selected ? " selected" : ""}, {"l", label}});
}

std::string FilterForm(Lang lang, const WorkListQuery& q, const reconcile::WorkList& list) {
  std::string units = Option(q.unit, T(lang, {"Tất cả đơn vị trực thuộc", "All units below"}), true);
  for (const reconcile::UnitBacklog& b : list.units) {
    if (b.unit_code != q.unit) units += Option(b.unit_code, b.unit_name, false);
  }
  std::string verdicts = Option("", T(lang, {"Tất cả", "All"}), q.filter.verdict.empty());
  for (std::string_view v : {"fixable", "mismatch", "wrong_person", "id_not_found", "duplicate_id", "invalid_id"}) {
    verdicts += Option(v, VerdictLabel(lang, v), q.filter.verdict == v);
  }
  verdicts += Option("correction", T(lang, {"Đang chờ đơn vị chỉnh sửa", "Awaiting correction"}),
                     q.filter.verdict == "correction");
  std::string ages;
  const std::pair<int, Tr> kAges[] = {{0, {"Mọi thời gian", "Any age"}},
                                      {1, {"Tồn từ 1 ngày", "1 day or more"}},
                                      {3, {"Tồn từ 3 ngày", "3 days or more"}},
                                      {7, {"Tồn từ 7 ngày", "7 days or more"}},
                                      {14, {"Tồn từ 14 ngày", "14 days or more"}}};
  for (const auto& [days, label] : kAges) ages += Option(std::to_string(days), T(lang, label), q.min_age == days);
  return Render(R"(<form class="filters" method="GET" action="/corrections" data-filters>
<label>{l_unit}<select name="unit">{!units}</select></label>
<label>{l_verdict}<select name="verdict">{!verdicts}</select></label>
<label>{l_age}<select name="min_age">{!ages}</select></label>
<button class="btn" type="submit">{l_go}</button></form>)",
                {{"l_unit", T(lang, {"Đơn vị", "Unit"})},
                 {"units", units},
                 {"l_verdict", T(lang, {"Kết quả đối chiếu", "Verdict"})},
                 {"verdicts", verdicts},
                 {"l_age", T(lang, {"Thời gian tồn", "Age"})},
                 {"ages", ages},
                 {"l_go", T(lang, {"Lọc", "Filter"})}});
}

Response WorkListPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto q = ParseWorkListQuery(ctx);
  if (!q.ok()) return FromStatus(q.status());
  auto list = reconcile::LoadWorkList(ctx.store, q->unit, q->filter);
  if (!list.ok()) return FromStatus(list.status());
  const std::string title = T(lang, {"Chuẩn hóa dữ liệu đảng viên", "Member data corrections"}).data();
  const std::string where = q->unit.empty() ? std::string(T(lang, {"Toàn quốc", "Nationwide"}))
                                            : list->total.unit_name;

  std::string bulk;
  if (!q->unit.empty() && list->total.fixable > 0 &&
      Allowed(ctx.scopes, ctx.who(), Permission::kCorrectRecords, Target{q->unit, "", ""})) {
    const std::string n = vn_format::Integer(list->total.fixable);
    bulk = Render(R"(<form class="action" data-do="apply-fixable" data-url="/api/units/{unit}/apply-fixable" data-method="POST" data-confirm="{confirm}"{!err}><button class="btn btn-big btn-primary" type="submit">{t}</button></form><p class="sub">{why}</p><p class="msg" role="alert" hidden></p>)",
                  {{"unit", q->unit},
                   {"err", ErrAttrs(lang)},
                   {"confirm", lang == Lang::kEn
                                   ? "Apply the registry's values to the " + n + " members whose data differs only in form?"
                                   : "Áp dụng thông tin theo CSDL dân cư cho " + n + " đảng viên chỉ khác cách viết?"},
                   {"t", lang == Lang::kEn ? "Apply every form-only difference in my units (" + n + ")"
                                           : "Áp dụng CSDL cho mọi trường hợp chỉ khác cách viết (" + n + ")"},
                   {"why", T(lang, {"Chỉ khác cách viết: không dấu, viết hoa, thừa khoảng trắng hoặc ngày sinh ghi thiếu. Hồ sơ gốc được giữ nguyên, mỗi thay đổi được ghi nhật ký.",
                                    "Form only: no diacritics, upper case, extra spaces or a partial birth date. The recorded values are kept; every change is audited."})}});
  }
  std::string items;
  const size_t from = std::min(q->window.offset, list->items.size());
  const size_t to = std::min(list->items.size(), from + q->window.limit);
  for (size_t i = from; i < to; ++i) items += ItemHtml(ctx, lang, list->items[i]);
  if (list->items.empty()) {
    items = Render(R"(<p class="empty" data-empty>{t}</p>)",
                   {{"t", T(lang, {"Không còn trường hợp nào cần xử lý.", "Nothing left to do."})}});
  }
  items += PagerHtml(ctx.request, lang, from, to - from, list->items.size(), kWorkItemsPerPage);

  std::string up;
  if (!q->unit.empty() && q->unit != ctx.who().scope) {
    up = Render(R"(<a class="btn" data-up href="/corrections">‹ {t}</a>)",
                {{"t", T(lang, {"Đơn vị của tôi", "My units"})}});
  }
  std::string body = Render(
      R"(<section class="card" data-work-list="{unit}" data-total="{total}" data-fixable="{fixable}">{!up}
<h1>{title} <span class="sub">{where}</span></h1>
<p class="sub">{intro}</p>
<dl class="figures"><div><dt>{l_open}</dt><dd data-open>{open}</dd></div><div><dt>{l_fix}</dt><dd>{fix}</dd></div><div><dt>{l_corr}</dt><dd>{corr}</dd></div><div><dt>{l_oldest}</dt><dd>{oldest}</dd></div></dl>
{!bulk}
<h2>{l_backlog}</h2>{!backlog}</section>
<section class="card">{!filters}</section>
<section class="card" data-items="{shown}"><h2>{l_items} ({n})</h2>{!items}</section>)",
      {{"unit", q->unit},
       {"total", std::to_string(list->total.open)},
       {"fixable", std::to_string(list->total.fixable)},
       {"up", up},
       {"title", title},
       {"where", where},
       {"intro", T(lang, {"Đảng viên có thông tin chưa khớp với CSDL quốc gia về dân cư, hoặc đang chờ đơn vị chỉnh sửa hồ sơ. Mọi thao tác được ghi nhật ký như trên dòng lệnh.",
                          "Members whose data differs from the national population registry, or whose record waits for a correction. Every action is audited as on the command line."})},
       {"l_open", T(lang, {"Còn tồn", "Open"})},
       {"open", vn_format::Integer(list->total.open)},
       {"l_fix", T(lang, {"Chỉ khác cách viết", "Form only"})},
       {"fix", vn_format::Integer(list->total.fixable)},
       {"l_corr", T(lang, {"Đang chờ chỉnh sửa", "Awaiting correction"})},
       {"corr", vn_format::Integer(list->total.corrections)},
       {"l_oldest", T(lang, {"Tồn lâu nhất", "Oldest"})},
       {"oldest", list->total.open ? Days(lang, list->total.oldest_days) : "—"},
       {"bulk", bulk},
       {"l_backlog", T(lang, {"Tồn đọng theo đơn vị", "Backlog by unit"})},
       {"backlog", BacklogTable(lang, *list)},
       {"filters", FilterForm(lang, *q, *list)},
       {"shown", std::to_string(to - from)},
       {"l_items", T(lang, {"Danh sách cần xử lý", "To deal with"})},
       {"n", vn_format::Integer(static_cast<int64_t>(list->items.size()))},
       {"items", items}});
  return UserPage(ctx, title, std::move(body));
}

}  // namespace

void AddCorrectionPages(AppRouter& router) {
  router.Add("GET", "/corrections",
             PageRoute("/corrections", Permission::kViewMembers, TargetFrom::kQueryUnit, WorkListPage));
}

}  // namespace cardex::http
