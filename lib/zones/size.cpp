// Memory sizes as zonecfg writes them: "50M", "1.5G", "1073741824".
#include <array>
#include <string>

#include "zones/config.hpp"

namespace zones {

namespace {

struct Unit {
    char letter;
    unsigned shift;   // powers of 1024, as illumos zonecfg_str_to_bytes
};
constexpr std::array<Unit, 4> kUnits = {{{'T', 40}, {'G', 30}, {'M', 20}, {'K', 10}}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Fraction digits past the 19th are dropped: they are worth less than
// 10^-19 * 2^40 < 1 byte, and 10^19 keeps the arithmetic below in range.
constexpr unsigned long long kMaxFractionDiv = 10'000'000'000'000'000'000ULL;

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text, bool require_suffix) {
    std::size_t i = 0;
    unsigned __int128 whole = 0;
    bool any_digit = false;
    for (; i < text.size() && is_digit(text[i]); ++i) {
        whole = whole * 10 + static_cast<unsigned>(text[i] - '0');
        if (whole > UINT64_MAX) return std::nullopt;
        any_digit = true;
    }
    unsigned __int128 frac = 0, frac_div = 1;
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && is_digit(text[i]); ++i) {
            any_digit = true;
            if (frac_div < kMaxFractionDiv) {
                frac = frac * 10 + static_cast<unsigned>(text[i] - '0');
                frac_div *= 10;
            }
        }
    }
    if (!any_digit) return std::nullopt;

    unsigned shift = 0;
    if (i < text.size()) {
        char u = text[i];
        if (u >= 'a' && u <= 'z') u = static_cast<char>(u - 'a' + 'A');
        bool found = false;
        for (const auto& unit : kUnits)
            if (unit.letter == u) { shift = unit.shift; found = true; }
        if (!found) return std::nullopt;
        ++i;
    } else if (require_suffix) {
        return std::nullopt;
    }
    if (i != text.size()) return std::nullopt;

    // whole < 2^64 and shift <= 40, so this fits in 128 bits.
    unsigned __int128 bytes = (whole << shift) + ((frac << shift) / frac_div);
    if (bytes > UINT64_MAX) return std::nullopt;
    return static_cast<std::uint64_t>(bytes);
}

std::string format_size(std::uint64_t bytes) {
    if (bytes == 0) return "0";
    for (const auto& unit : kUnits) {
        std::uint64_t mask = (std::uint64_t{1} << unit.shift) - 1;
        if ((bytes & mask) == 0) return std::to_string(bytes >> unit.shift) + unit.letter;
    }
    return std::to_string(bytes);
}

}  // namespace zones
