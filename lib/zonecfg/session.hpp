// A zonecfg session: the configuration being edited (kept in the client
// until commit), the scope, and the subcommands with illumos's messages.
// The tool feeds it text and reads its output streams; unit tests do the
// same with an in-memory Backend.
//
//   Session s(backend, "web", {.interactive = true}, std::cout, std::cerr, ask);
//   s.start();                       // interactive: "web: No such zone configured" hint
//   while (!s.done() && read(line)) s.run(line + "\n");
//   std::optional<int> rc = s.finish();   // commit if needed; nullopt = keep going
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "zones/config.hpp"
#include "zonecfg/backend.hpp"

namespace zones::zonecfg {

struct SessionOptions {
    // The interactive shell (also `zonecfg -z z < file` without -f): errors
    // do not end the session, a missing zone gets the "Use 'create'" hint,
    // and the end-of-session questions may be asked.
    bool interactive = false;
    // -f FILE (or "-"): errors are preceded by "On line N of FILE:"
    // ("On line N:" for "-") and syntax errors name the line.
    std::string command_file;
    // -f and argument mode: stop at the first error; nothing is saved.
    bool stop_on_error = false;
};

// A y/n question ("Zone web already exists; create anyway"); the answer,
// or nullopt when no one can be asked (stdin is not a terminal, or -f).
using Asker = std::function<std::optional<bool>(const std::string& question)>;

class Session {
public:
    Session(Backend& backend, std::string zone, SessionOptions options, std::ostream& out,
            std::ostream& err, Asker ask = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Interactive start: load the zone now so a new one gets its hint.
    void start();
    // Parse and run commands until the text ends or done().
    void run(std::string_view text);
    // `exit`, a fatal error, or (stop_on_error) any error.
    bool done() const;
    // End of input or `exit`: commit when there are changes, ask what
    // interactive mode asks. The exit status, or nullopt when the user chose
    // to go on (interactive only).
    std::optional<int> finish();

    std::string prompt() const;          // "zonecfg:web> ", "zonecfg:web:net> "
    const std::string& zone() const;     // changes with `set zonename`
    bool dirty() const;                  // uncommitted changes
    bool saw_error() const;
    // The configuration being edited, if there is one (tests, fuzzing).
    const ZoneConfig* config() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// `zonecfg -z NAME` syntax: a valid zone name, "global", or a SUNW* name
// (which is read-only).
bool zone_name_syntax_ok(std::string_view name);

}  // namespace zones::zonecfg
