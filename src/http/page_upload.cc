// A unit officer uploads a member list on the web (/members/upload): CSV
// (comma or ';'), or XLSX. The file goes to POST /api/units/{unit}/members
// as the request body and through ingest's ImportMemberUpload, the import
// of `cardex import members`, in the pipeline's transaction: all or
// nothing, every bad line answered with its line, column and reason in
// Vietnamese (422), and a refused file changes nothing.
#include <boost/json.hpp>

#include "cardex/core/vn_format.h"
#include "cardex/ingest/upload.h"
#include "cardex/store/lookups.h"
#include "pages.h"

namespace cardex::http {

namespace {

Response Upload(Context& ctx) {
  if (ctx.request.body.empty()) {
    return ErrorResponse(400, "bad_request", "upload.empty");
  }
  const std::string& unit = ctx.target.unit_code;
  auto result = ImportMemberUpload(ctx.store, ctx.request.body, "upload", unit, ctx.who().login);
  if (!result.ok()) return FromStatus(result.status());
  const ImportResult& r = result->import;
  if (r.ok()) {
    return Json(200, boost::json::serialize(boost::json::object{
                         {"unit", unit}, {"imported", r.rows}, {"format", result->format}}));
  }
  boost::json::array issues;
  for (const ImportIssue& i : r.issues) {
    auto pos = result->column_position.find(i.column);
    issues.emplace_back(boost::json::object{
        {"line", i.line},
        {"column", i.column},
        {"position", pos == result->column_position.end() ? "" : pos->second},
        {"reason", i.message_vi},
        {"reason_en", i.message}});
  }
  // Nothing of a refused file is kept: the pipeline rolls back any answer
  // that is not a success, the rows written before the first bad one too.
  const std::string count = std::to_string(r.issues.size()) + (r.errors_truncated ? "+" : "");
  return Json(422, boost::json::serialize(boost::json::object{
                       {"error", boost::json::object{
                                     {"code", "refused"},
                                     {"message", Msg(ApiLang(ctx.request), "upload.refused", {count})},
                                     {"message_id", "upload.refused"}}},
                       {"format", result->format},
                       {"issues", std::move(issues)},
                       {"truncated", r.errors_truncated}}));
}

Response UploadPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  const std::string& code = ctx.target.unit_code;
  if (code.empty()) return HtmlError(ctx.request, 404, T(lang, {"Hãy chọn một đơn vị.", "Choose a unit."}));
  auto unit = FindUnit(ctx.store, code);
  if (!unit.ok()) return FromStatus(unit.status());
  const std::string name = *unit ? (*unit)->name : code;
  std::string body = Render(
      R"(<section class="card" data-upload="{code}"><a class="btn" href="/units/{code}">‹ {name}</a>
<h1>{title} <span class="sub">{name}</span></h1>
<p>{intro}</p>
<ul class="sub">
<li>{l_cols}: <span class="mono">member_no, citizen_id, full_name, birth_date, gender, unit_code, status, phone, home_visit</span></li>
<li>{l_formats}</li>
<li>{l_all}</li>
</ul>
<form id="upload-form" data-url="/api/units/{code}/members" data-max="{max}"
 data-ok="{ok}" data-refused="{refused}" data-err-size="{err_size}" data-err-other="{err_other}"
 data-h-line="{h_line}" data-h-col="{h_col}" data-h-reason="{h_reason}">
<p class="file-row">{l_file}: {!picker}</p>
<button class="btn btn-big btn-primary" type="submit">{l_send}</button>
</form>
<p class="msg" role="alert" hidden></p>
<div id="upload-issues" hidden></div>
</section>
<script src="{js}" defer></script>)",
      {{"code", code},
       {"name", name},
       {"title", T(lang, {"Tải lên danh sách đảng viên", "Upload a member list"})},
       {"intro", T(lang, {"Danh sách được kiểm tra toàn bộ trước khi nhập: chỉ cần một dòng sai là cả tệp không được nhập, và mọi dòng sai được liệt kê bên dưới kèm số dòng, cột và lý do.",
                          "The whole list is checked before anything is imported: one bad line and nothing is imported; every bad line is listed below with its line, column and reason."})},
       {"l_cols", T(lang, {"Các cột (dòng đầu tiên là tiêu đề)", "Columns (the first line is the header)"})},
       {"l_formats", T(lang, {"Tệp CSV UTF-8 (phân cách bằng dấu phẩy hoặc dấu chấm phẩy) hoặc tệp Excel XLSX (trang tính đầu tiên); tối đa 4 MB.",
                              "A UTF-8 CSV file (comma or semicolon separated) or an Excel XLSX file (its first sheet); at most 4 MB."})},
       {"l_all", T(lang, {"Chỉ được nhập đảng viên thuộc các chi bộ của đơn vị này; đảng viên đã có được cập nhật theo số thẻ.",
                          "Only members of this unit's cells; members already recorded are updated by their number."})},
       {"max", std::to_string(4 * 1024 * 1024)},
       {"ok", T(lang, {"Đã nhập {n} đảng viên. Đảng viên mới hoặc có thay đổi sẽ được đối chiếu với CSDL dân cư ở lần đối chiếu tiếp theo.",
                       "{n} members imported. New or changed members are checked against the registry at the next reconciliation."})},
       {"refused", T(lang, {"Tệp không được nhập: có {n} lỗi. Không có thay đổi nào được lưu.",
                            "The file was refused: {n} errors. Nothing was changed."})},
       {"err_size", T(lang, {"Tệp lớn hơn 4 MB; hãy chia nhỏ danh sách.", "The file is larger than 4 MB; split the list."})},
       {"err_other", T(lang, {"Không tải lên được", "Upload failed"})},
       {"h_line", T(lang, {"Dòng", "Line"})},
       {"h_col", T(lang, {"Cột", "Column"})},
       {"h_reason", T(lang, {"Lý do", "Reason"})},
       {"l_file", T(lang, {"Tệp danh sách", "List file"})},
       {"picker", FilePicker("file", R"(accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")",
                             T(lang, {"Chọn tệp", "Choose a file"}), T(lang, {"Chưa chọn tệp", "No file chosen"}))},
       {"l_send", T(lang, {"Tải lên và nhập", "Upload and import"})},
       {"js", AssetUrl("upload.js")}});
  return UserPage(ctx, T(lang, {"Tải lên danh sách đảng viên", "Upload a member list"}), std::move(body));
}

}  // namespace

void AddUploadRoutes(AppRouter& router) {
  router.Add("POST", "/api/units/{unit}/members",
             Route{.name = "/api/units/{unit}/members", .permission = Permission::kCorrectRecords,
                   .target = TargetFrom::kUnit, .csrf = true, .idempotent = true, .handle = Upload});
  router.Add("GET", "/members/upload",
             PageRoute("/members/upload", Permission::kCorrectRecords, TargetFrom::kQueryUnit, UploadPage));
}

}  // namespace cardex::http
