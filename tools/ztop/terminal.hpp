// ztop's terminal while it owns it: the alternate screen, no cursor, keys
// read one by one without echo. Everything is put back by the destructor,
// so every way out of main (q, a signal turned into a return, an error)
// restores the terminal; suspend()/resume() do the same around Ctrl-Z.
#pragma once

#include <termios.h>

#include <string>
#include <vector>

namespace zones::ztop {

class Terminal {
public:
    Terminal();   // stdin and stdout are a terminal
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    void suspend();
    void resume();
    // Rows and columns now (24x80 when the terminal does not say).
    std::size_t rows() const;
    std::size_t columns() const;
    // Replace the screen's contents with these lines, in place.
    void draw(const std::vector<std::string>& lines) const;

private:
    termios saved_{};
    bool active_ = false;
};

}  // namespace zones::ztop
