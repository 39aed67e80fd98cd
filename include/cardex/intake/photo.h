// The member's photo, taken at the desk. A photo is accepted by its content,
// never by its name or declared type: a PNG or baseline/progressive JPEG
// whose header parses, within size and dimension limits.
#ifndef CARDEX_INTAKE_PHOTO_H_
#define CARDEX_INTAKE_PHOTO_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::intake {

struct PhotoLimits {
  size_t max_bytes = 2 * 1024 * 1024;
  int min_side = 100, max_side = 6000;  // pixels
};

struct PhotoInfo {
  std::string content_type;  // "image/jpeg" or "image/png"
  int width = 0, height = 0;
};

// kInvalidArgument, saying what is wrong, for anything else: empty, too
// large, another format, a truncated header, dimensions out of range.
Result<PhotoInfo> InspectPhoto(std::string_view bytes, const PhotoLimits& limits = {});

// Stores (or replaces) the member's photo with its SHA-256, in the caller's
// transaction. The caller has inspected it.
Status StorePhoto(Store& store, std::string_view member_no, std::string_view bytes,
                  const PhotoInfo& info, std::string_view actor, std::string_view at);
// The same with the SHA-256 of `bytes` (lower-case hex, PhotoSha256) that the
// caller already has: hashing a photo costs more than storing it.
Status StorePhoto(Store& store, std::string_view member_no, std::string_view bytes,
                  const PhotoInfo& info, std::string_view actor, std::string_view at,
                  std::string_view sha256_hex);

// A stored photo as it is served back: its type and bytes.
struct StoredPhoto {
  std::string content_type, bytes;
};
// kNotFound when the member has no photo yet.
Result<StoredPhoto> GetPhoto(Store& store, std::string_view member_no);

// The SHA-256 of `bytes` in lower-case hex, as StorePhoto keeps it.
std::string PhotoSha256(std::string_view bytes);

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_PHOTO_H_
