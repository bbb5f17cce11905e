#include "escape.hpp"

namespace zones::zlogin {

std::string EscapeFilter::feed(std::string_view in, bool& disconnect) {
    std::string out;
    out.reserve(in.size() + 1);
    for (char ch : in) {
        const int c = static_cast<unsigned char>(ch);
        if (pending_) {
            pending_ = false;
            if (c == '.') {
                disconnect = true;
                return out;
            }
            if (c != esc_) out += static_cast<char>(esc_);
            out += ch;
            line_start_ = c == '\r' || c == '\n';
            continue;
        }
        if (esc_ >= 0 && line_start_ && c == esc_) {
            pending_ = true;
            continue;
        }
        out += ch;
        line_start_ = c == '\r' || c == '\n';
    }
    return out;
}

}  // namespace zones::zlogin
