// Byte-level text checks that import applies to every field.
#ifndef CARDEX_CORE_TEXT_H_
#define CARDEX_CORE_TEXT_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace cardex {

// Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and
// code points above U+10FFFF included), or nullopt when `s` is valid UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view s);

// Length (1..4) of the well-formed UTF-8 sequence that starts at byte `i` of
// `s`, or 0 when none starts there (the same strict rules). Requires i < size.
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Offset of the first control character (C0 other than none allowed, DEL,
// C1 U+0080..U+009F) in valid UTF-8 `s`, or nullopt. Tabs, CR and LF count
// as control characters here: a field that holds one is refused.
std::optional<size_t> FindControlChar(std::string_view s);

}  // namespace cardex

#endif  // CARDEX_CORE_TEXT_H_
