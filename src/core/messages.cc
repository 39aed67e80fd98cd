#include "cardex/core/messages.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace cardex {

namespace {

// Kept in groups: terms first, then messages by area. Vietnamese is written
// as an officer would read it in an official form: full diacritics, "đảng
// viên", "CSDL dân cư", "CCCD".
constexpr CatalogueEntry kCatalogue[] = {
    // Roles.
    {"role.administrator", "Quản trị hệ thống", "Administrator"},
    {"role.province_coordinator", "Điều phối cấp tỉnh", "Province coordinator"},
    {"role.commune_officer", "Cán bộ cấp xã", "Commune officer"},
    {"role.cell_secretary", "Bí thư chi bộ", "Cell secretary"},
    {"role.station_officer", "Cán bộ điểm tiếp nhận", "Station officer"},
    {"role.inspector", "Cán bộ kiểm tra", "Inspector"},
    // Permissions, as the object of "không có quyền …" / "may not …".
    {"perm.view_members", "xem danh sách đảng viên", "view members"},
    {"perm.view_member_detail_unmasked_ids", "xem đầy đủ số CCCD", "view full citizen ids"},
    {"perm.desk_check_in", "tiếp nhận đảng viên", "check members in"},
    {"perm.desk_capture", "chụp ảnh, thu hồ sơ", "take photos"},
    {"perm.desk_confirm", "ghi nhận xác nhận của đảng viên", "record the member's confirmation"},
    {"perm.desk_submit", "gửi hồ sơ đi in thẻ", "submit for card production"},
    {"perm.desk_exception", "ghi nhận ngoại lệ", "record exceptions"},
    {"perm.book_catch_up", "đặt lịch bổ sung", "book catch-up slots"},
    {"perm.correct_records", "sửa thông tin đảng viên", "correct member records"},
    {"perm.produce_cards", "in thẻ", "produce cards"},
    {"perm.deliver_cards", "giao thẻ", "deliver cards"},
    {"perm.hand_over", "trao thẻ", "hand cards over"},
    {"perm.manage_users", "quản lý tài khoản", "manage accounts"},
    {"perm.view_progress", "xem tiến độ", "view progress"},
    {"perm.view_audit", "xem nhật ký thao tác", "view the audit log"},
    {"perm.manage_working_groups", "quản lý tổ công tác", "manage working groups"},
    {"perm.record_inspection", "ghi nhận kiểm tra", "record inspections"},
    // Exchange states.
    {"state.listed", "Trong danh sách", "Listed"},
    {"state.invited", "Đã mời", "Invited"},
    {"state.checked_in", "Đã tiếp nhận", "Checked in"},
    {"state.captured", "Đã chụp ảnh", "Photo taken"},
    {"state.confirmed", "Đã xác nhận", "Confirmed"},
    {"state.submitted", "Đã gửi hồ sơ", "Submitted"},
    {"state.card_produced", "Đã in thẻ", "Card produced"},
    {"state.card_delivered", "Thẻ đã về", "Card delivered"},
    {"state.handed_over", "Đã trao thẻ", "Handed over"},
    {"state.rescheduled", "Hẹn lại", "Rescheduled"},
    {"state.home_visit", "Đến tận nhà", "Home visit"},
    {"state.correction", "Cần sửa thông tin", "Needs correction"},
    {"state.closed", "Đã đóng", "Closed"},
    // Exchange steps, as the object of "không thể …" / "cannot …".
    {"step.invite", "mời", "invite"},
    {"step.check_in", "tiếp nhận", "check in"},
    {"step.capture", "chụp ảnh", "take the photo"},
    {"step.confirm", "xác nhận", "confirm"},
    {"step.submit", "gửi hồ sơ", "submit"},
    {"step.produce_card", "in thẻ", "produce the card"},
    {"step.deliver_card", "giao thẻ về xã", "deliver the card"},
    {"step.hand_over", "trao thẻ", "hand the card over"},
    {"step.mark_absent", "ghi vắng mặt", "mark absent"},
    {"step.mark_ill", "ghi ốm, đến tận nhà", "mark ill"},
    {"step.mark_wrong_data", "ghi thông tin sai", "mark wrong data"},
    {"step.close", "đóng hồ sơ", "close"},
    {"step.book", "đặt lịch bổ sung", "book a catch-up slot"},
    {"step.reissue_card", "cấp lại thẻ", "reissue the card"},
    // Reconciliation verdicts.
    {"verdict.match", "Khớp", "Match"},
    {"verdict.fixable", "Chỉ khác cách viết", "Differs in form only"},
    {"verdict.mismatch", "Sai lệch", "Mismatch"},
    {"verdict.wrong_person", "Số CCCD của người khác", "Number of another person"},
    {"verdict.deceased", "Đã qua đời", "Deceased"},
    {"verdict.id_not_found", "Không có số CCCD trong CSDL", "ID not in the registry"},
    {"verdict.duplicate_id", "Trùng số CCCD", "Duplicate ID"},
    {"verdict.invalid_id", "Số CCCD không hợp lệ", "Invalid ID"},
    {"verdict.none", "Chưa đối chiếu", "Not reconciled"},
    // Fields of a member record.
    {"field.citizen_id", "số CCCD", "citizen id"},
    {"field.full_name", "họ và tên", "full name"},
    {"field.birth_date", "ngày sinh", "birth date"},
    {"field.gender", "giới tính", "gender"},
    // Exception and reissue reasons.
    {"reason.absent", "Vắng mặt", "Absent"},
    {"reason.busy", "Bận công tác", "Busy at work"},
    {"reason.ill", "Ốm, cần đến tận nhà", "Ill: needs a home visit"},
    {"reason.wrong_data", "Thông tin sai, cần sửa", "Wrong data: to be corrected"},
    {"reason.deceased", "Đã qua đời", "Deceased"},
    {"reason.transferred", "Đã chuyển sinh hoạt", "Transferred"},
    {"reason.lost", "Mất thẻ", "Lost"},
    {"reason.stolen", "Bị lấy cắp", "Stolen"},
    {"reason.damaged", "Thẻ hỏng", "Damaged"},
    {"reason.misprinted", "In sai", "Misprinted"},
    {"reason.data_corrected", "Thông tin đã sửa", "Data corrected"},
    // Why a member is not cleanly standardised (card production, the desk).
    {"unclean.not_reconciled", "chưa đối chiếu với CSDL dân cư", "not reconciled with the registry"},
    {"unclean.open_difference", "còn sai lệch với CSDL dân cư ({0})",
     "an open difference from the registry ({0})"},
    {"unclean.wrong_id", "số CCCD sai hoặc của người khác ({0})",
     "the citizen id is wrong or someone else's ({0})"},
    {"unclean.deceased", "CSDL dân cư ghi đã mất", "the registry records a death"},
    {"unclean.open_correction", "còn yêu cầu sửa thông tin đang mở", "a correction is open"},
    // Card states.
    {"card_state.produced", "đã in", "produced"},
    {"card_state.delivered", "đã về xã", "delivered"},
    {"card_state.handed_over", "đã trao", "handed over"},
    {"card_state.revoked", "đã thu hồi", "revoked"},
    // Genders and member statuses.
    {"gender.M", "Nam", "Male"},
    {"gender.F", "Nữ", "Female"},
    {"member_status.official", "chính thức", "official"},
    {"member_status.probationary", "dự bị", "probationary"},

    // The headline of an error, by HTTP status, when nothing more precise
    // is known (a capability's free-text message is then kept aside).
    {"error.400", "Yêu cầu không hợp lệ.", "The request is not valid."},
    {"error.401", "Hãy đăng nhập.", "Please log in."},
    {"error.403", "Không có quyền thực hiện việc này.", "You may not do this."},
    {"error.404", "Không tìm thấy.", "Not found."},
    {"error.405", "Phương thức không được phép.", "Method not allowed."},
    {"error.409", "Không thực hiện được ở trạng thái hiện tại.",
     "This cannot be done in the current state."},
    {"error.413", "Nội dung gửi lên quá lớn.", "The request body is too large."},
    {"error.415", "Kiểu nội dung không được chấp nhận.", "Unsupported content type."},
    {"error.422", "Yêu cầu không xử lý được.", "The request cannot be processed."},
    {"error.429", "Quá nhiều yêu cầu; thử lại sau ít phút.", "Too many requests; retry shortly."},
    {"error.431", "Phần đầu yêu cầu quá lớn.", "The request headers are too large."},
    {"error.500", "Lỗi nội bộ; xem nhật ký máy chủ.", "Internal error; see the server log."},
    {"error.503", "Không kết nối được cơ sở dữ liệu.", "The database cannot be reached."},

    // The request pipeline.
    {"http.no_route", "Không có địa chỉ này.", "No such resource."},
    {"http.method_not_allowed", "Phương thức không được phép; được phép: {0}.",
     "Method not allowed; allowed: {0}."},
    {"http.malformed_request", "Yêu cầu HTTP sai cấu trúc.", "Malformed HTTP request."},
    {"http.malformed_path", "Đường dẫn yêu cầu sai cấu trúc.", "The request path is malformed."},
    {"http.malformed_query", "Chuỗi truy vấn sai cấu trúc.", "The query string is malformed."},
    {"http.path_not_utf8", "Đường dẫn yêu cầu không phải UTF-8 hợp lệ.",
     "The request path is not valid UTF-8."},
    {"http.query_not_utf8", "Chuỗi truy vấn không phải UTF-8 hợp lệ.",
     "The query string is not valid UTF-8."},
    {"http.body_too_large", "Nội dung gửi lên quá lớn (tối đa {0} byte).",
     "The request body is too large ({0} bytes at most)."},
    {"http.headers_too_large", "Phần đầu yêu cầu quá lớn.", "The request headers are too large."},
    {"auth.login_first", "Hãy đăng nhập trước.", "Log in first."},
    {"auth.session_ended", "Phiên làm việc đã kết thúc; hãy đăng nhập lại.",
     "The session has ended; log in again."},
    {"auth.login_json", "Gửi thông tin đăng nhập dưới dạng application/json.",
     "Send the login as application/json."},
    {"auth.bad_credentials", "Sai tên đăng nhập hoặc mật khẩu.", "Wrong login or password."},
    {"auth.locked", "Tài khoản tạm khóa do đăng nhập sai nhiều lần.",
     "The account is locked for now after too many failed logins."},
    {"auth.throttled", "Đăng nhập quá nhiều lần từ địa chỉ này; thử lại sau ít giây.",
     "Too many login attempts from this address; retry in a few seconds."},
    {"auth.csrf", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang.",
     "Missing or wrong X-CSRF-Token header; reload the page."},
    {"auth.role_may_not", "Tài khoản {0} ({1}) không có quyền {2}.", "Account {0} ({1}) may not {2}."},
    {"auth.scope_may_not", "Tài khoản {0} không có quyền {1} đối với đối tượng này (ngoài phạm vi được giao).",
     "Account {0} may not {1} here (outside its scope)."},
    {"auth.member_hidden", "Đảng viên {0}: ngoài phạm vi của bạn hoặc không tồn tại.",
     "Member {0}: not in your scope, or no such member."},
    {"auth.member_hidden_long", "Không có đảng viên này trong phạm vi của bạn.",
     "No such member in your scope."},
    {"idem.key_required",
     "Yêu cầu thay đổi dữ liệu cần tiêu đề Idempotency-Key dài 8 đến 128 ký tự [A-Za-z0-9-_.:].",
     "A state-changing request needs an Idempotency-Key header of 8 to 128 characters "
     "[A-Za-z0-9-_.:]."},
    {"idem.key_reused", "Idempotency-Key này đã được dùng cho một yêu cầu khác.",
     "This Idempotency-Key was used for a different request."},

    // Things that do not exist.
    {"not_found.member", "Không có đảng viên số {0}.", "No member {0}."},
    {"not_found.station", "Không có điểm tiếp nhận {0}.", "No station {0}."},
    {"not_found.unit", "Không có đơn vị {0}.", "No unit {0}."},
    {"not_found.batch", "Không có đợt in thẻ {0}.", "No card batch {0}."},
    {"not_found.group", "Không có tổ công tác {0}.", "No working group {0}."},
    {"not_found.follow_up", "Không có việc cần theo dõi số {0}.", "No follow-up {0}."},
    {"not_found.asset", "Không có tệp này.", "No such asset."},
    {"not_found.photo", "Chưa có ảnh.", "No photo yet."},
    {"not_found.card", "Chưa in thẻ cho đảng viên này.", "No card produced for this member yet."},

    // Request bodies.
    {"body.invalid_utf8", "Nội dung gửi lên không phải UTF-8 hợp lệ (byte {0}).",
     "The body is not valid UTF-8 (byte {0})."},
    {"body.invalid_json", "Nội dung gửi lên không phải JSON hợp lệ.", "The body is not valid JSON."},
    {"body.not_object", "Nội dung gửi lên phải là một đối tượng JSON.",
     "The body must be a JSON object."},
    {"body.unknown_field", "Trường “{0}” không được chấp nhận.", "Unknown field '{0}'."},
    {"body.field_required", "Thiếu trường “{0}”.", "Field '{0}' is required."},
    {"body.field_string", "Trường “{0}” phải là chuỗi ký tự.", "Field '{0}' must be a string."},
    {"body.field_integer", "Trường “{0}” phải là số nguyên.", "Field '{0}' must be an integer."},
    {"body.field_array", "Trường “{0}” phải là một mảng.", "Field '{0}' must be an array."},
    {"body.field_objects", "Trường “{0}” phải là mảng các đối tượng.",
     "Field '{0}' must be an array of objects."},
    {"body.date", "Ngày phải có dạng YYYY-MM-DD.", "The date must be YYYY-MM-DD."},
    {"body.version", "Tham số version phải là số nguyên.", "version must be an integer."},

    // Input limits (core/limits.h): the field by its name in the request.
    {"limits.too_long", "Trường “{0}” dài {1} ký tự, tối đa {2}.",
     "{0}: {1} characters, the limit is {2}"},
    {"limits.too_many", "Trường “{0}” có {1} mục, tối đa {2}.", "{0}: {1} items, the limit is {2}"},

    // The desk: finding a member.
    {"lookup.empty", "Nhập mã mời, số thẻ đảng, số CCCD hoặc họ tên (kèm năm sinh).",
     "Enter an invitation code, member number, citizen id or name (with the birth year)."},
    {"lookup.none", "Không tìm thấy đảng viên nào trong phạm vi của bạn.",
     "No member in your scope matches."},
    {"lookup.name_too_short", "Họ tên cần ít nhất hai chữ (ví dụ: “Nguyễn Văn An 1975”).",
     "A name needs at least two words (e.g. \"Nguyen Van An 1975\")."},
    {"invitation.invalid",
     "Mã mời không hợp lệ (11 ký tự, ký tự cuối là ký tự kiểm tra); kiểm tra lại từng ký tự.",
     "The invitation code is not valid (11 characters with a check symbol); check for a typing "
     "slip."},
    {"invitation.unknown", "Không có lịch hẹn nào mang mã mời này.",
     "No appointment has this invitation code."},
    {"qr.not_found", "Không đọc được mã QR trong ảnh; đưa mã vào giữa khung hình, gần hơn.",
     "No QR code could be read in the picture; hold the code closer, in the middle."},
    {"qr.bad_image", "Ảnh từ camera không đọc được.", "The camera picture cannot be read."},

    // A unit's member list uploaded on the web (page_upload.cc).
    {"upload.empty", "Chưa có tệp: hãy gửi danh sách đảng viên dạng CSV hoặc XLSX.",
     "The body is empty: send the member list as CSV or XLSX."},
    {"upload.refused", "Tệp bị từ chối vì có {0} dòng sai; chưa nhập dòng nào.",
     "The file was refused for {0} bad lines; nothing was imported."},

    // The desk: steps.
    {"exchange.stale", "Thông tin của đảng viên {0} đã thay đổi kể từ khi hiển thị; hãy tải lại trang.",
     "Member {0} changed since it was shown; reload the page."},
    {"exchange.raced", "Đảng viên {0} vừa được một bàn khác cập nhật; hãy tải lại trang.",
     "Member {0} was changed by another desk meanwhile; reload the page."},
    {"exchange.step_refused", "Đảng viên đang ở trạng thái “{0}” thì không thể {1}.",
     "A member who is \"{0}\" cannot {1}."},
    {"exchange.reason_refused", "Bước “{0}” không nhận lý do “{1}”.",
     "The step \"{0}\" does not take the reason \"{1}\"."},
    {"exchange.reason_required",
     "Lý do phải là: vắng mặt, bận công tác, ốm, thông tin sai, đã qua đời hoặc đã chuyển sinh hoạt.",
     "The reason must be absent, busy, ill, wrong_data, deceased or transferred."},
    {"desk.open_difference",
     "Chưa thể {0}: thông tin của đảng viên {1} còn sai lệch với CSDL dân cư ({2}). Đối chiếu với "
     "thẻ căn cước của đảng viên: nếu CSDL dân cư đúng, bấm “Áp dụng thông tin theo CSDL dân cư” và "
     "đọc lại cho đảng viên; nếu không, ghi nhận ngoại lệ “Thông tin sai, cần sửa”.",
     "Cannot {0} yet: member {1} still differs from the registry ({2}). Compare with the member's "
     "identity card: if the registry is right, press \"Apply the registry's values\" and read them "
     "back to the member; if not, record the exception \"Wrong data\"."},
    {"desk.wrong_id",
     "Chưa thể {0}: số CCCD của đảng viên {1} sai hoặc của người khác ({2}). Đối chiếu với thẻ căn "
     "cước: nếu số gợi ý đúng, bấm “Áp dụng thông tin theo CSDL dân cư”; nếu không, ghi nhận ngoại "
     "lệ “Thông tin sai, cần sửa”.",
     "Cannot {0} yet: member {1}'s citizen id is wrong or someone else's ({2}). Compare with the "
     "identity card: if the suggested number is right, press \"Apply the registry's values\"; if "
     "not, record the exception \"Wrong data\"."},
    {"desk.open_correction",
     "Chưa thể {0}: đảng viên {1} còn yêu cầu sửa thông tin đang mở; chờ đơn vị sửa xong.",
     "Cannot {0} yet: member {1} has an open correction; wait until the unit closes it."},
    {"desk.deceased", "Chưa thể {0}: CSDL dân cư ghi đảng viên {1} đã mất; báo cấp ủy.",
     "Cannot {0}: the registry records member {1} as deceased; report to the committee."},
    {"desk.nothing_to_settle", "Thông tin của đảng viên {0} không có sai lệch nào cần xử lý.",
     "Member {0} has no difference to settle."},
    {"desk.cannot_settle",
     "Không thể áp dụng CSDL dân cư cho đảng viên {0}: không có số CCCD nào trong CSDL khớp chắc chắn. "
     "Ghi nhận ngoại lệ “Thông tin sai, cần sửa”.",
     "The registry's values cannot be applied to member {0}: no registry entry is a confident "
     "match. Record the exception \"Wrong data\"."},
    {"desk.settle_state", "Chỉ áp dụng CSDL dân cư khi đảng viên đang ở quầy (đã tiếp nhận hoặc đã chụp ảnh).",
     "The registry's values are applied only while the member is at the desk (checked in or photo taken)."},

    // What the desk's verification view advises, from the verdict.
    {"advice.not_reconciled", "Chưa đối chiếu với CSDL dân cư: kiểm tra kỹ thẻ căn cước.",
     "Not reconciled with the registry yet: check the identity card carefully."},
    {"advice.fixable", "Chỉ khác cách viết ({0}): áp dụng thông tin theo CSDL dân cư.",
     "Differs only in form ({0}): apply the registry's values."},
    {"advice.mismatch",
     "Sai lệch thực chất ({0}): đối chiếu thẻ căn cước; nếu CSDL dân cư đúng thì áp dụng thông tin "
     "theo CSDL, nếu không thì ghi nhận “Thông tin sai, cần sửa”.",
     "Substantive difference ({0}): compare with the identity card; if the registry is right, apply "
     "its values, if not, record \"Wrong data\"."},
    {"advice.deceased", "CSDL dân cư ghi đã mất: không tiếp nhận, báo cấp ủy.",
     "The registry records a death: do not receive; report to the committee."},
    {"advice.wrong_id",
     "Số CCCD sai hoặc của người khác ({0}): xác minh thẻ căn cước; nếu số gợi ý đúng thì áp dụng "
     "thông tin theo CSDL, nếu không thì ghi nhận “Thông tin sai, cần sửa”.",
     "The citizen id is wrong or someone else's ({0}): check the identity card; if the suggested "
     "number is right, apply the registry's values, if not, record \"Wrong data\"."},

    // Photos.
    {"photo.type", "Gửi ảnh dạng image/jpeg hoặc image/png.", "Send the photo as image/jpeg or image/png."},
    {"photo.content_differs", "Nội dung ảnh là {0}, không phải {1}.", "The content is {0}, not {1}."},
    {"photo.empty", "Ảnh trống.", "The photo is empty."},
    {"photo.too_large", "Ảnh quá lớn ({0} byte; tối đa {1}).", "The photo is {0} bytes; at most {1}."},
    {"photo.not_image", "Tệp không phải ảnh JPEG hay PNG.", "The photo is neither a JPEG nor a PNG image."},
    {"photo.unreadable", "Không đọc được kích thước ảnh.", "The photo's size cannot be read."},
    {"photo.dimensions", "Ảnh {0}×{1} điểm ảnh nằm ngoài giới hạn cho phép.",
     "The photo is {0}×{1} pixels, outside the allowed range."},

    // The member's own page (issue 21, cardex/selfservice).
    {"member.sign_in_failed",
     "Mã mời hoặc ngày sinh không đúng. Đồng chí kiểm tra lại mã trên giấy mời và nhập ngày sinh theo dạng ngày/tháng/năm.",
     "The invitation code or the birth date is wrong. Check the code on the invitation and type the birth date "
     "as day/month/year."},
    {"member.locked",
     "Trang của đồng chí đang bị khóa vì nhập sai ngày sinh nhiều lần. Đề nghị liên hệ bí thư chi bộ để mở khóa.",
     "Your page is locked after too many wrong birth dates. Ask your cell secretary to unlock it."},
    {"member.throttled", "Đồng chí đã thử quá nhiều lần. Vui lòng đợi vài phút rồi thử lại.",
     "Too many attempts. Please wait a few minutes and try again."},
    {"member.session_over", "Phiên xem lịch hẹn đã hết hạn. Đồng chí nhập lại mã mời và ngày sinh.",
     "Your visit has timed out. Please enter the invitation code and the birth date again."},
    {"member.form_expired", "Biểu mẫu đã hết hạn. Đồng chí thử lại.", "The form has expired. Please try again."},
    {"member.not_locked", "Trang của đảng viên {0} không bị khóa.", "The page of member {0} is not locked."},
    {"member.unlocked", "Đã mở khóa trang của đảng viên {0}.", "The page of member {0} is unlocked."},
    {"member.move.not_invited",
     "Lịch hẹn hiện không đổi được trên trang này (đồng chí đã được tiếp nhận hoặc đang chờ xếp lịch khác). "
     "Đề nghị liên hệ bí thư chi bộ.",
     "Your appointment cannot be moved here now (you have been received, or a new slot is being arranged). "
     "Please ask your cell secretary."},
    {"member.move.home_visit", "Lịch đến nhà do tổ lưu động sắp xếp; muốn đổi, đề nghị liên hệ bí thư chi bộ.",
     "Home visits are arranged by the mobile team; to change one, please ask your cell secretary."},
    {"member.move.limit",
     "Đồng chí đã đổi lịch hẹn {0} lần, là số lần tối đa. Nếu cần đổi nữa, đề nghị liên hệ bí thư chi bộ.",
     "You have moved your appointment {0} times, the most allowed. If you need another change, please ask your "
     "cell secretary."},
    {"member.move.too_late", "Không thể đổi lịch hẹn khi chỉ còn dưới {0} giờ nữa là đến giờ hẹn.",
     "An appointment cannot be moved less than {0} hours before it starts."},
    {"member.move.slot_too_soon", "Chỉ chọn được khung giờ bắt đầu sau thời điểm hiện tại ít nhất {0} giờ.",
     "Choose a slot that starts at least {0} hours from now."},
    {"member.move.no_appointment", "Đồng chí chưa có lịch hẹn.", "You have no appointment yet."},
    {"member.move.slot_taken", "Khung giờ này vừa hết chỗ. Đồng chí vui lòng chọn khung giờ khác.",
     "This slot has just filled up. Please choose another one."},
    {"member.move.bad_slot", "Khung giờ đã chọn không có trong lịch làm việc của điểm tiếp nhận.",
     "The chosen slot is not one of the station's slots."},
    {"member.move.station_not_serving", "Điểm tiếp nhận này không phục vụ xã, phường của đồng chí.",
     "This station does not serve your commune."},
    {"member.cannot_come.state", "Điểm tiếp nhận đã nhận hồ sơ của đồng chí, không cần báo vắng nữa.",
     "The station has already received your documents; there is nothing to call off."},
    {"station.bad_address", "Địa chỉ điểm tiếp nhận quá dài hoặc có ký tự không hợp lệ.",
     "The station's address is too long or holds characters that are not allowed."},
    {"member.cannot_come.note", "Ghi chú quá dài hoặc có ký tự không hợp lệ.",
     "The note is too long or holds characters that are not allowed."},

    // Catch-up booking.
    {"booking.state", "Chỉ đặt lịch bổ sung cho đảng viên đã hẹn lại hoặc cần sửa thông tin (đang ở trạng thái “{0}”).",
     "Only rescheduled or corrected members get a catch-up slot (this one is \"{0}\")."},
    {"booking.no_slot", "Điểm tiếp nhận {0} không còn khung giờ trống từ {1}.",
     "Station {0} has no free slot at or after {1}."},
    {"booking.no_serving_station", "Không có điểm tiếp nhận nào phục vụ xã của đảng viên.",
     "no station serves the member's commune"},
    {"booking.station_not_serving", "Điểm tiếp nhận {0} không phục vụ xã của đảng viên.",
     "station {0} does not serve the member's commune"},
    {"booking.not_official", "Không thể đặt lịch: người này không phải đảng viên chính thức.",
     "the member cannot be booked: not an official member"},
    {"booking.deceased", "Không thể đặt lịch: theo CSDL dân cư, đảng viên đã qua đời.",
     "the member cannot be booked: not exchanging (reconciled as deceased)"},
    {"station.not_a_copy", "Máy chủ này không phải bản sao của một điểm tiếp nhận.", "this server is not a station's copy"},
    {"station.bad_code", "Mã điểm tiếp nhận không hợp lệ.", "station: not a station code"},
    {"station.not_serving_member", "Không có điểm tiếp nhận nào mang mã này phục vụ đảng viên.",
     "station: no station with this code serves this member"},
    {"booking.not_before", "Thời điểm “không sớm hơn” phải có dạng YYYY-MM-DDTHH:MM.",
     "not_before must be YYYY-MM-DDTHH:MM."},

    // Cards at the desk.
    {"card.not_members", "Thẻ {0} không phải thẻ của đảng viên này.", "Card {0} is not this member's card."},
    {"card.not_members_card", "Thẻ {0} không phải thẻ của đảng viên {1}.", "card {0} is not member {1}'s card"},
    {"card.not_live", "Thẻ {0} không còn là thẻ hiện hành của đảng viên {1} (đã có thẻ mới hơn {2}).",
     "card {0} is not member {1}'s live card ({2} is newer)"},
    {"card.not_delivered_yet", "Thẻ {0} chưa được chuyển về xã.", "card {0} has not been delivered to the commune yet"},
    {"card.revoked", "Thẻ {0} đã bị thu hồi.", "card {0} was revoked"},
    {"card.handed_over_already", "Thẻ {0} đã được trao lúc {1}.", "card {0} was already handed over at {1}"},
    {"card.in_state", "Thẻ {0} đang ở trạng thái “{1}”.", "card {0} is {1}"},
    {"card.changed_meanwhile", "Thẻ {0} vừa được người khác thay đổi; hãy tải lại trang.",
     "card {0} was changed meanwhile; reload"},
    {"card.no_card", "Không có thẻ số {0}.", "no card {0}"},
    {"card.already_revoked", "Thẻ {0} đã bị thu hồi trước đó.", "card {0} is already revoked"},
    {"card.bad_revocation_reason",
     "Lý do thu hồi “{0}” không hợp lệ: chọn mất, bị lấy cắp, hư hỏng, in sai hoặc sửa thông tin.",
     "revocation reason '{0}': expected lost, stolen, damaged, misprinted or data_corrected"},

    // Card batches (cards/production.h, cards/delivery.h).
    {"card.no_batch", "Không có lô thẻ {0}.", "no card batch {0}"},
    {"card.batch_delivered", "Lô thẻ {0} đã được chuyển về xã lúc {1}.", "batch {0} was delivered at {1}"},
    {"card.batch_delivered_meanwhile", "Lô thẻ {0} vừa được người khác chuyển về xã.",
     "batch {0} was delivered by another user meanwhile"},
    {"card.bad_issue_date", "Ngày cấp “{0}” không đúng dạng YYYY-MM-DD.", "issue date '{0}' is not a YYYY-MM-DD date"},
    {"card.no_unit", "Không có đơn vị mã {0}.", "no unit {0}"},
    {"card.not_commune", "Đơn vị {0} không phải xã, phường: thẻ được in theo từng xã, phường.",
     "unit {0} is not a commune; cards are produced per commune"},
    {"card.still_held",
     "Đảng viên {0} vẫn đang giữ thẻ {1}; hãy thu hồi thẻ đó trước khi in thẻ mới.",
     "member {0} still holds card {1}; revoke it before a new one is produced"},
    {"card.serials_exhausted", "Tỉnh {0} đã dùng hết số thẻ 8 chữ số.", "province {0} has run out of 8-digit card serials"},

    // Resolving differences with the registry (reconcile/resolve.h) and the
    // corrections work list (reconcile/work_list.h, http/api_corrections.cc).
    {"reconcile.no_results", "Chưa có kết quả đối chiếu với CSDL dân cư; hãy chạy đối chiếu trước.",
     "no reconciliation results yet; run `cardex reconcile` first"},
    {"reconcile.no_result", "Đảng viên {0} chưa có kết quả đối chiếu.",
     "member {0} has no reconciliation result"},
    {"reconcile.no_suggestion", "Đảng viên {0} không có số CCCD gợi ý.",
     "member {0} has no suggested citizen"},
    {"reconcile.changed_since",
     "Hồ sơ đảng viên {0} đã thay đổi sau lần đối chiếu gần nhất; hãy đối chiếu lại.",
     "member {0} changed since it was reconciled; run `cardex reconcile`"},
    {"reconcile.registry_not_applicable",
     "Đảng viên {0} có kết quả “{1}”: thông tin theo CSDL dân cư chỉ áp dụng khi hồ sơ chỉ khác cách "
     "viết hoặc sai lệch (số CCCD là của đảng viên).",
     "member {0} is {1}: the registry's values apply only to fixable and mismatch (the number is the "
     "member's)"},
    {"reconcile.standardised_already", "Hồ sơ đảng viên {0} đã được chuẩn hóa.",
     "member {0} is standardised already"},
    {"corrections.bad_verdict", "Bộ lọc kết quả đối chiếu “{0}” không hợp lệ.",
     "verdict: unknown '{0}'; expected a verdict name or 'correction'"},
    {"corrections.bad_min_age", "Số ngày tồn phải là số nguyên từ 0 đến 9999.",
     "min_age: expected whole days from 0 to 9999"},
    {"corrections.note_required", "Hãy ghi rõ nội dung đơn vị cần chỉnh sửa.",
     "note: say what the unit must correct"},
    {"corrections.evidence_required", "Hãy ghi căn cứ cho thấy hồ sơ nay đã đúng.",
     "evidence: say what shows the record is right now"},
    {"corrections.none_open", "Đảng viên {0} không có yêu cầu chỉnh sửa nào đang mở.",
     "member {0} has no open correction"},

    // Long lists shown page by page (http/paging.h).
    {"page.invalid", "Số trang phải là số nguyên từ 1 đến {0}.",
     "page: expected a whole number from 1 to {0}"},

    // A unit named in a command or request that does not exist (the English
    // text is the one the command line has always printed).
    {"unit.unknown", "Không có đơn vị {0}.", "no unit {0}"},

    // Working groups, their inspections and follow-ups (groups/groups.h).
    // The English texts are those the command line has always printed.
    {"group.bad_code",
     "Mã tổ công tác gồm 1 đến 32 ký tự: chữ cái không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
     "group code: expected 1-32 of [A-Za-z0-9._-]"},
    {"group.name_required", "Chưa nhập tên tổ công tác.", "group name: must not be empty"},
    {"group.unit_unknown", "Không có đơn vị {0} để giao tổ công tác.", "group unit: no unit {0}"},
    {"group.exists", "Đã có tổ công tác mang mã {0}.", "group {0} exists already"},
    {"group.unit_outside", "Đơn vị {0} không trực thuộc đơn vị {2} của tổ công tác {1}.",
     "unit {0} is outside group {1}'s unit {2}"},
    {"group.no_account", "Không có tài khoản {0}.", "no account {0}"},
    {"group.date_invalid", "Trường “{0}” không phải một ngày có thật; hãy ghi theo dạng YYYY-MM-DD.",
     "{0}: expected a real date as YYYY-MM-DD"},
    {"inspection.findings_required", "Chưa ghi kết quả kiểm tra.", "findings: must not be empty"},
    {"inspection.unit_not_assigned", "Đơn vị {0} chưa được giao cho tổ công tác {1}.",
     "unit {0} is not assigned to group {1}"},
    {"follow_up.text_required", "Chưa ghi nội dung việc cần theo dõi.",
     "follow-up text: must not be empty"},
    {"follow_up.owner_unknown", "Người phụ trách việc cần theo dõi: không có tài khoản {0}.",
     "follow-up owner: no account {0}"},
    {"follow_up.closed_already", "Việc cần theo dõi số {0} đã được {1} đóng lúc {2}.",
     "follow-up {0} was closed by {1} at {2}"},
    {"follow_up.closed_meanwhile", "Việc cần theo dõi số {0} vừa được người khác đóng; hãy tải lại trang.",
     "follow-up {0} was closed meanwhile"},
};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::span<const CatalogueEntry> Catalogue() { return kCatalogue; }

const CatalogueEntry* FindMessage(std::string_view id) {
  for (const CatalogueEntry& e : kCatalogue) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

namespace {

template <class Args>
std::string Fill(Lang lang, std::string_view id, const Args& args) {
  const CatalogueEntry* e = FindMessage(id);
  if (e == nullptr) return std::string(id);
  std::string_view text = lang == Lang::kEn ? e->en : e->vi;
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' &&
        std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      size_t n = static_cast<size_t>(text[i + 1] - '0');
      if (n < std::size(args)) {
        std::string_view arg = *(std::begin(args) + static_cast<std::ptrdiff_t>(n));
        if (arg.starts_with("@fields:")) {
          out += FieldList(lang, arg.substr(8));
        } else if (arg.starts_with("@") && FindMessage(arg.substr(1)) != nullptr) {
          const CatalogueEntry* word = FindMessage(arg.substr(1));
          out += lang == Lang::kEn ? word->en : word->vi;
        } else {
          out += arg;
        }
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

std::string Msg(Lang lang, std::string_view id, std::span<const std::string> args) {
  return Fill(lang, id, args);
}

std::string Msg(Lang lang, std::string_view id, std::initializer_list<std::string_view> args) {
  return Fill(lang, id, args);
}

std::string_view Term(Lang lang, std::string_view kind, std::string_view name) {
  std::string id;
  id.reserve(kind.size() + 1 + name.size());
  id.append(kind).append(".").append(name.empty() ? std::string_view("none") : name);
  const CatalogueEntry* e = FindMessage(id);
  if (e == nullptr) return name;
  return lang == Lang::kEn ? e->en : e->vi;
}

std::string FieldList(Lang lang, std::string_view fields) {
  std::string out;
  while (!fields.empty()) {
    size_t end = fields.find(';');
    std::string_view one = fields.substr(0, end);
    if (!one.empty()) {
      if (!out.empty()) out += ", ";
      out += Term(lang, "field", one);
    }
    if (end == std::string_view::npos) break;
    fields.remove_prefix(end + 1);
  }
  return out;
}

Lang LangFromAcceptLanguage(std::string_view header) {
  double best_q = -1;
  Lang best = Lang::kVi;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header.remove_prefix(comma == std::string_view::npos ? header.size() : comma + 1);
    size_t semi = item.find(';');
    std::string_view tag = item.substr(0, semi);
    while (!tag.empty() && IsSpace(tag.front())) tag.remove_prefix(1);
    while (!tag.empty() && IsSpace(tag.back())) tag.remove_suffix(1);
    double q = 1.0;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      size_t qpos = params.find("q=");
      if (qpos != std::string_view::npos) {
        std::string num(params.substr(qpos + 2));
        q = std::strtod(num.c_str(), nullptr);
      }
    }
    std::string primary(tag.substr(0, tag.find('-')));
    std::transform(primary.begin(), primary.end(), primary.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    Lang lang;
    if (primary == "vi") {
      lang = Lang::kVi;
    } else if (primary == "en") {
      lang = Lang::kEn;
    } else {
      continue;
    }
    if (q > best_q) {
      best_q = q;
      best = lang;
    }
  }
  return best_q > 0 ? best : Lang::kVi;
}

}  // namespace cardex
