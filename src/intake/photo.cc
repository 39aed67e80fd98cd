#include "cardex/intake/photo.h"

#include "cardex/store/audit_chain.h"


#include <cstdint>

namespace cardex::intake {

namespace {

uint32_t Be32(std::string_view b, size_t at) {
  return (uint32_t{static_cast<unsigned char>(b[at])} << 24) |
         (uint32_t{static_cast<unsigned char>(b[at + 1])} << 16) |
         (uint32_t{static_cast<unsigned char>(b[at + 2])} << 8) |
         uint32_t{static_cast<unsigned char>(b[at + 3])};
}

unsigned Be16(std::string_view b, size_t at) {
  return (unsigned{static_cast<unsigned char>(b[at])} << 8) | static_cast<unsigned char>(b[at + 1]);
}

Result<PhotoInfo> Png(std::string_view b) {
  // Signature, then the IHDR chunk: length 13, "IHDR", width, height.
  if (b.size() < 33 || Be32(b, 8) != 13 || b.substr(12, 4) != "IHDR") {
    return Status::Coded(StatusCode::kInvalidArgument, "photo.unreadable");
  }
  return PhotoInfo{"image/png", static_cast<int>(Be32(b, 16)), static_cast<int>(Be32(b, 20))};
}

Result<PhotoInfo> Jpeg(std::string_view b) {
  // Walk the marker segments to the first start-of-frame.
  size_t at = 2;
  while (at + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) break;
    unsigned marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    unsigned length = Be16(b, at + 2);
    if (length < 2) break;
    bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
               marker != 0xCC;
    if (sof) {
      if (at + 9 > b.size()) break;
      return PhotoInfo{"image/jpeg", static_cast<int>(Be16(b, at + 7)),
                       static_cast<int>(Be16(b, at + 5))};
    }
    if (marker == 0xDA || marker == 0xD9) break;  // scan data before any frame header
    at += 2 + length;
  }
  return Status::Coded(StatusCode::kInvalidArgument, "photo.unreadable");
}

}  // namespace

Result<PhotoInfo> InspectPhoto(std::string_view bytes, const PhotoLimits& limits) {
  if (bytes.empty()) return Status::Coded(StatusCode::kInvalidArgument, "photo.empty");
  if (bytes.size() > limits.max_bytes) {
    return Status::Coded(StatusCode::kInvalidArgument, "photo.too_large",
                         {std::to_string(bytes.size()), std::to_string(limits.max_bytes)});
  }
  Result<PhotoInfo> info = Status::Coded(StatusCode::kInvalidArgument, "photo.not_image");
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    info = Png(bytes);
  } else if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") {
    info = Jpeg(bytes);
  }
  if (!info.ok()) return info;
  if (info->width < limits.min_side || info->height < limits.min_side ||
      info->width > limits.max_side || info->height > limits.max_side) {
    return Status::Coded(StatusCode::kInvalidArgument, "photo.dimensions",
                         {std::to_string(info->width), std::to_string(info->height)});
  }
  return info;
}

std::string PhotoSha256(std::string_view bytes) { return Sha256Hex(bytes); }

Status StorePhoto(Store& store, std::string_view member_no, std::string_view bytes,
                  const PhotoInfo& info, std::string_view actor, std::string_view at) {
  return StorePhoto(store, member_no, bytes, info, actor, at, PhotoSha256(bytes));
}

Status StorePhoto(Store& store, std::string_view member_no, std::string_view bytes,
                  const PhotoInfo& info, std::string_view actor, std::string_view at,
                  std::string_view sha256_hex) {
  return store.Exec(
      "INSERT INTO photos (member_no, content_type, sha256, bytes, uploaded_at, uploaded_by) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_no) DO UPDATE SET "
      "content_type = excluded.content_type, sha256 = excluded.sha256, bytes = excluded.bytes, "
      "uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by",
      {member_no, std::string_view(info.content_type), sha256_hex, SqlBlob{bytes}, at, actor});
}

Result<StoredPhoto> GetPhoto(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT content_type, bytes FROM photos WHERE member_no = ?", {member_no}));
  if (rows.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.photo");
  return StoredPhoto{std::string(rows.Text(0, 0)), rows.Blob(0, 1)};
}

}  // namespace cardex::intake
