// What runs in the zone for a zlogin request (pure logic, unit-tested).
// illumos joins the command's words, each followed by one space, and runs
// `su USER -c STRING`, so the user's shell re-parses it (`zlogin z 'ls |
// wc -l'` is a pipeline in the zone). We keep that meaning but skip the
// shell when it could not change anything: no word holds a character the
// shell would interpret, and the first word is no shell keyword. Then the
// words are executed directly (PATH searched in the zone); if that finds
// nothing, the shell runs after all (builtins like `exit 3`, and its own
// "not found" with status 127).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zones::zoneadmd {

// Does running `words` directly differ from `sh -c "<joined words>"`?
bool needs_shell(const std::vector<std::string>& words);

// illumos: every word followed by one space.
std::string join_command(const std::vector<std::string>& words);

// The shell's argv[0] for a login shell: "-" + basename ("-bash").
std::string login_argv0(std::string_view shell);

// Candidates to execve for `word` with PATH `path` ("a:b:c"): the word
// itself when it contains '/', else DIR/word for every PATH entry (an
// empty entry is the current directory, as in execvp).
std::vector<std::string> path_candidates(std::string_view word, std::string_view path);

}  // namespace zones::zoneadmd
