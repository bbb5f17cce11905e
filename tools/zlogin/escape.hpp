// The escape sequence of an interactive or console session: the escape
// character (default '~') only counts at the start of a line (session
// start, after CR or LF); "~." disconnects, "~~" sends one '~', anything
// else after '~' is sent as typed. Pure: unit-tested.
#pragma once

#include <string>
#include <string_view>

namespace zones::zlogin {

class EscapeFilter {
public:
    explicit EscapeFilter(int escape) : esc_(escape) {}   // escape < 0: disabled (-E)

    // What to send for `in`; `disconnect` becomes true at "~." (the rest
    // of `in` is dropped).
    std::string feed(std::string_view in, bool& disconnect);

private:
    int esc_;
    bool line_start_ = true;
    bool pending_ = false;
};

}  // namespace zones::zlogin
