#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <string_view>

#include "sys/file_io.hpp"

namespace zones::ztop {
namespace {

void put(std::string_view s) { (void)sys::write_all(STDOUT_FILENO, s); }

}  // namespace

Terminal::Terminal() {
    ::tcgetattr(STDIN_FILENO, &saved_);
    resume();
}

Terminal::~Terminal() { suspend(); }

void Terminal::resume() {
    termios raw = saved_;
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));   // keys one by one, unechoed; ^C stays a signal
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
    put("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J");   // alternate screen, cursor hidden, cleared
    active_ = true;
}

void Terminal::suspend() {
    if (!active_) return;
    put("\x1b[?25h\x1b[?1049l");   // cursor back, the screen as it was
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    active_ = false;
}

std::size_t Terminal::rows() const {
    winsize ws{};
    return ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 ? ws.ws_row : 24;
}

std::size_t Terminal::columns() const {
    winsize ws{};
    return ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
}

void Terminal::draw(const std::vector<std::string>& lines) const {
    // Home, each line over the old one (erasing its rest), then erase
    // below: no blank flash between two screens.
    std::string out = "\x1b[H";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += lines[i];
        out += "\x1b[K";
        if (i + 1 < lines.size()) out += "\r\n";
    }
    out += "\x1b[J";
    put(out);
}

}  // namespace zones::ztop
