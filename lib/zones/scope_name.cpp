#include "zones/scope_name.hpp"

#include <cctype>

#include <fmt/format.h>

namespace zones {

std::string zone_scope_unit(const std::string& zone) {
    std::string out = "zone-";
    for (char c : zone) {
        if (c == '-' || c == '\\')
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
            out += c;
    }
    return out + ".scope";
}

std::string unit_unescape(std::string_view escaped) {
    std::string name;
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        if (escaped[i] == '\\' && i + 3 < escaped.size() && escaped[i + 1] == 'x' &&
            std::isxdigit(static_cast<unsigned char>(escaped[i + 2])) != 0 &&
            std::isxdigit(static_cast<unsigned char>(escaped[i + 3])) != 0) {
            name += static_cast<char>(std::stoi(std::string(escaped.substr(i + 2, 2)), nullptr, 16));
            i += 3;
        } else {
            name += escaped[i];
        }
    }
    return name;
}

}  // namespace zones
