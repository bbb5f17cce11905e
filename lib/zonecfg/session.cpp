// The session core: output conventions, loading the zone, running parsed
// commands, verify/commit, exit and the end-of-session commit.
#include "zonecfg/session.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "zones/verify.hpp"
#include "zonecfg/help.hpp"
#include "zonecfg/session_impl.hpp"

namespace zones::zonecfg {
namespace {

// The libzonecfg code verify reports after its messages, from the first one.
Z verify_code(std::string_view first) {
    if (first == "zonepath not specified" || first == "zonepath cannot be empty.")
        return Z::ReqdResourceMissing;
    if (first == "resource specification incomplete")
        return Z::InsufficientSpec;
    if (first.ends_with(" not specified") || first.ends_with("no value specified"))
        return Z::ReqdPropertyMissing;
    if (first.find("incompatible") != std::string_view::npos)
        return Z::Incompatible;
    if (first.find("unknown brand") != std::string_view::npos)
        return Z::InvalidDocument;
    return Z::Inval;
}

}  // namespace

// --- output -----------------------------------------------------------------

void Session::Impl::zerr(std::string_view msg) {
    // In a command file the first message of each line names the line.
    if (!opts.command_file.empty() && line > last_header_line) {
        if (opts.command_file == "-")
            err << fmt::format("On line {}:\n", line);
        else
            err << fmt::format("On line {} of {}:\n", line, opts.command_file);
        last_header_line = line;
    }
    err << msg << '\n';
}

void Session::Impl::error(std::string_view msg) {
    zerr(msg);
    saw_error = true;
}

void Session::Impl::perror(std::string_view prefix, Z code) {
    error(fmt::format("{}: {}", prefix, strerror(code)));
}

void Session::Impl::cmd_perror(Cmd c, Res r, Z code) {
    error(fmt::format("{} {}: {}", cmd_name(c), res_name(r), strerror(code)));
}

void Session::Impl::short_usage(Cmd c) {
    if (opts.command_file == "-")
        err << fmt::format("syntax error on line {}\n", line);
    else if (!opts.command_file.empty())
        err << fmt::format("syntax error on line {} of {}\n", line, opts.command_file);
    err << short_usage_text(c);
    saw_error = true;
}

void Session::Impl::long_usage(Cmd c) {
    err << long_usage_text(c);
    saw_error = true;
}

void Session::Impl::longer_usage(Cmd c) {
    out << long_usage_text(c);
    if (unsigned f = command_help_flags(c)) {
        out << '\n';
        out << usage_text(f, true, edit ? std::optional<Res>(edit->type) : std::nullopt);
    }
}

void Session::Impl::usage_err(unsigned flags) {
    err << usage_text(flags, false, edit ? std::optional<Res>(edit->type) : std::nullopt);
}

void Session::Impl::scope_usage(Cmd c) {
    error(fmt::format("The {} command only makes sense in the {} scope.", cmd_name(c),
                      edit ? "global" : "resource"));
}

void Session::Impl::fatal_exit(std::string_view msg) {
    error(msg);
    fatal = 1;
}

std::optional<bool> Session::Impl::ask(const std::string& question) {
    if (!asker)
        return std::nullopt;
    return asker(question);
}

bool Session::Impl::flags(const Command& c, std::string_view spec, Options& o) {
    o = getopt(c.args, spec);
    if (o.help) {
        longer_usage(c.cmd);
        return false;
    }
    if (o.bad || o.optind != c.args.size()) {
        short_usage(c.cmd);
        return false;
    }
    return true;
}

Options getopt(const std::vector<std::string>& args, std::string_view spec) {
    Options o;
    std::size_t i = 0;
    while (i < args.size()) {
        const std::string& a = args[i];
        if (a.size() < 2 || a[0] != '-')
            break;
        ++i;
        if (a == "--")
            break;
        for (std::size_t k = 1; k < a.size(); ++k) {
            char f = a[k];
            auto at = spec.find(f);
            if (f == '?') {
                o.help = true;
                continue;
            }
            if (f == ':' || at == std::string_view::npos) {
                o.bad = true;
                continue;
            }
            if (at + 1 < spec.size() && spec[at + 1] == ':') {
                o.order += f;
                if (k + 1 < a.size()) {
                    o.set[f] = a.substr(k + 1);
                } else if (i < args.size()) {
                    o.set[f] = args[i++];
                } else {
                    o.bad = true;
                }
                break;
            }
            o.set[f] = "";
            o.order += f;
        }
    }
    o.optind = i;
    return o;
}

// --- the zone -----------------------------------------------------------------

bool Session::Impl::initialize(bool expected) {
    if (cfg)
        return true;
    std::optional<ZoneConfig> loaded;
    try {
        loaded = backend.load(zone);
        if (!loaded && zone.starts_with("SUNW"))
            loaded = backend.load_template(zone);
    } catch (const ZoneError& e) {
        error(e.what());
        return false;
    }
    if (!loaded) {
        zerr(fmt::format("{}: {}", zone, strerror(Z::NoZone)));
        if (expected || got_handle)
            saw_error = true;
        if (opts.interactive && !got_handle)
            out << "Use 'create' to begin configuring a new zone.\n";
        return false;
    }
    cfg = std::move(loaded);
    got_handle = true;
    saved_name = zone;
    return true;
}

bool Session::Impl::state_atleast(ZoneState s) {
    try {
        auto st = backend.state(zone);
        // An unavailable zone has its root: it counts as installed here.
        return st && (*st >= s || (s == ZoneState::Installed && *st == ZoneState::Unavailable));
    } catch (const ZoneError& e) {
        error(fmt::format("Unexpectedly failed to determine state of zone {}: {}", zone,
                          e.what()));
        return false;
    }
}

bool Session::Impl::exists(const std::string& name) {
    try {
        return backend.load(name).has_value();
    } catch (const ZoneError&) {
        return true;   // a damaged configuration still takes the name
    }
}

bool Session::Impl::read_only(Cmd) {
    if (zone.starts_with("SUNW")) {
        error(fmt::format("{}: zones beginning with SUNW are read-only.", zone));
        return true;
    }
    return false;
}

// --- running commands -----------------------------------------------------------

void Session::Impl::execute(const Item& item) {
    if (const auto* c = std::get_if<Command>(&item)) {
        line = c->line;
        dispatch(*c);
    } else if (const auto* u = std::get_if<UsageError>(&item)) {
        line = u->line;
        short_usage(u->cmd);
        if (u->help_flags) {
            err << '\n';
            usage_err(u->help_flags);
        }
    } else if (const auto* s = std::get_if<SyntaxError>(&item)) {
        line = s->line;
        saw_error = true;
        if (s->at_end) {
            err << "syntax error, token expected\n";
            return;
        }
        if (opts.command_file.empty())
            err << fmt::format("syntax error at '{}'\n", s->near);
        else
            err << fmt::format("syntax error on line {} at '{}'\n", s->line, s->near);
        usage_err(kHelpSubcmds);
    }
}

void Session::Impl::dispatch(const Command& c) {
    switch (c.cmd) {
    case Cmd::Add: cmd_add(c); break;
    case Cmd::Cancel: cmd_cancel(c); break;
    case Cmd::Clear: cmd_clear(c); break;
    case Cmd::Commit: cmd_commit(c); break;
    case Cmd::Create: cmd_create(c); break;
    case Cmd::Delete: cmd_delete(c); break;
    case Cmd::End: cmd_end(c); break;
    case Cmd::Exit: cmd_exit(c); break;
    case Cmd::Export: cmd_export(c); break;
    case Cmd::Help: cmd_help(c); break;
    case Cmd::Info: cmd_info(c); break;
    case Cmd::Remove: cmd_remove(c); break;
    case Cmd::Revert: cmd_revert(c); break;
    case Cmd::Select: cmd_select(c); break;
    case Cmd::Set: cmd_set(c); break;
    case Cmd::Verify: cmd_verify(c); break;
    }
}

bool Session::Impl::verify(bool save) {
    if (!initialize())
        return false;
    std::vector<std::string> problems = verify_config(*cfg);
    if (edit)
        problems.emplace_back("resource specification incomplete");
    for (const auto& p : problems)
        error(p);
    if (save) {
        if (!problems.empty()) {
            error(fmt::format("Zone {} failed to verify", zone));
        } else {
            try {
                backend.commit(*cfg, saved_name);
                dirty = false;
                saved_name = cfg->name;
                revert_zone = zone;
            } catch (const ZoneError& e) {
                error(e.what());
                return false;
            }
        }
    }
    if (!problems.empty())
        perror(zone, verify_code(problems.front()));
    return problems.empty();
}

void Session::Impl::cmd_verify(const Command& c) {
    Options o;
    if (!flags(c, "?", o) || read_only(c.cmd))
        return;
    verify(false);
}

void Session::Impl::cmd_commit(const Command& c) {
    Options o;
    if (!flags(c, "?", o) || read_only(c.cmd))
        return;
    verify(true);
}

void Session::Impl::cmd_exit(const Command& c) {
    Options o;
    if (!flags(c, "?F", o))
        return;
    if (o.has('F'))
        force_exit = true;
    if (!edit || force_exit) {
        time_to_exit = true;
        return;
    }
    auto answer = ask("Resource incomplete; really quit");
    if (!answer)
        fatal_exit("Resource incomplete, input not from terminal and -F not specified:\n"
                   "exit command ignored, but exiting anyway.");
    else if (*answer)
        time_to_exit = true;
}

void Session::Impl::cmd_help(const Command& c) {
    if (c.args.empty()) {
        out << usage_text(edit ? kHelpResScope : kHelpSubcmds, true,
                          edit ? std::optional<Res>(edit->type) : std::nullopt);
        return;
    }
    const std::string& topic = c.args.front();
    if (topic == "usage") {
        out << usage_text(kHelpUsage, true);
    } else if (topic == "commands") {
        out << usage_text(kHelpSubcmds, true);
    } else if (topic == "syntax") {
        out << usage_text(kHelpSyntax | kHelpResProps, true);
    } else if (topic == "-?") {
        longer_usage(Cmd::Help);
    } else {
        for (int i = 0; i < kCmdCount; ++i) {
            if (cmd_name(static_cast<Cmd>(i)) == topic) {
                longer_usage(static_cast<Cmd>(i));
                return;
            }
        }
        err << fmt::format("Unknown help subject {}.  ", topic);
        usage_err(kHelpMeta);
    }
}

// --- public interface -------------------------------------------------------------

Session::Session(Backend& backend, std::string zone, SessionOptions options, std::ostream& out,
                 std::ostream& err, Asker ask)
    : impl_(std::make_unique<Impl>(backend, std::move(zone), std::move(options), out, err,
                                   std::move(ask))) {}

Session::~Session() = default;

void Session::start() {
    impl_->initialize(false);
}

void Session::run(std::string_view text) {
    Impl& s = *impl_;
    std::vector<Item> items = parse(text, s.next_line);
    s.next_line += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    for (const Item& item : items) {
        if (done())
            break;
        s.execute(item);
    }
    s.err.flush();
    s.out.flush();
}

bool Session::done() const {
    const Impl& s = *impl_;
    return s.time_to_exit || s.fatal || (s.opts.stop_on_error && s.saw_error);
}

std::optional<int> Session::finish() {
    Impl& s = *impl_;
    if (s.fatal)
        return *s.fatal;
    // -f and argument mode stop at the first error and save nothing.
    if (s.opts.stop_on_error && s.saw_error)
        return 1;
    s.line = std::max(1, s.next_line - 1);
    auto ask_at_end = [&](const std::string& q) -> std::optional<bool> {
        if (!s.opts.interactive)
            return std::nullopt;
        return s.ask(q);
    };
    if (s.edit) {
        if (!s.time_to_exit) {
            // Interactive input ended inside a resource: ask. Otherwise try the
            // commit, whose verify reports "resource specification incomplete".
            if (s.opts.interactive) {
                auto answer = ask_at_end("Resource incomplete; really quit");
                if (!answer) {
                    s.error("Resource incomplete.");
                    return 1;
                }
                if (!*answer)
                    return std::nullopt;
            } else if (!s.dirty) {
                s.error("Resource incomplete.");
                return 1;
            }
        } else {
            s.saw_error = true;
        }
    }
    if (s.dirty && s.cfg) {
        s.verify(true);
        if (s.dirty) {
            if (s.force_exit) {
                s.zerr("Configuration not saved.");
                return 1;
            }
            auto answer = ask_at_end("Configuration not saved; really quit");
            if (!answer) {
                s.zerr("Configuration not saved.");
                return 1;
            }
            if (!*answer) {
                s.time_to_exit = false;
                return std::nullopt;
            }
        }
    }
    s.err.flush();
    s.out.flush();
    return (s.dirty || s.saw_error) ? 1 : 0;
}

std::string Session::prompt() const {
    if (impl_->edit)
        return fmt::format("zonecfg:{}:{}> ", impl_->zone, res_name(impl_->edit->type));
    return fmt::format("zonecfg:{}> ", impl_->zone);
}

const std::string& Session::zone() const {
    return impl_->zone;
}

bool Session::dirty() const {
    return impl_->dirty;
}

bool Session::saw_error() const {
    return impl_->saw_error;
}

const ZoneConfig* Session::config() const {
    return impl_->cfg ? &*impl_->cfg : nullptr;
}

bool zone_name_syntax_ok(std::string_view name) {
    if (name == "global")
        return true;
    if (name.starts_with("SUNW")) {
        // Same rules as any name; only the reserved prefix differs.
        std::string probe(name);
        probe[0] = 'z';
        return valid_zone_name(probe);
    }
    return valid_zone_name(name);
}

}  // namespace zones::zonecfg
