import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import LyncCertCLI

/// Help text and the man page: argument-parser rewraps each line of a discussion to the terminal,
/// so a paragraph must be one line; `docs/lynccert.1` must cover every command and option and
/// render without a warning.
@Suite("Help and manual")
struct HelpTests {
    /// Every command type under the root, the root included.
    static func commands(_ type: ParsableCommand.Type = LyncCert.self) -> [ParsableCommand.Type] {
        [type] + type.configuration.subcommands.flatMap { commands($0) }
    }

    /// Lines of `discussion` that break a paragraph: a prose line followed by more prose (it
    /// should be one line), or an indented item continued on a deeper-indented line (unless it
    /// is a shell command continued with `\`), or a list followed by prose without a blank line.
    /// A heading (`EXIT CODES`) may be followed by anything; a prose line may introduce a list.
    static func hardBreaks(in discussion: String) -> [String] {
        let lines = discussion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        var breaks: [String] = []
        for (a, b) in zip(lines, lines.dropFirst()) {
            guard !a.trimmingCharacters(in: .whitespaces).isEmpty, !b.trimmingCharacters(in: .whitespaces).isEmpty
            else { continue }
            let heading = indent(a) == 0 && a == a.uppercased()
            if indent(a) == 0 && indent(b) == 0 && !heading {
                breaks.append(a)
            } else if indent(a) > 0 && indent(b) > indent(a) && !a.hasSuffix("\\") {
                breaks.append(a)
            } else if indent(a) > 0 && indent(b) == 0 && !a.hasSuffix("\\") {
                // The man page fills the prose onto the last item: a list ends with a blank line.
                breaks.append(a)
            }
        }
        return breaks
    }

    @Test("the rule itself: a wrapped paragraph and a wrapped list item are caught, lists and commands are not")
    func ruleCatchesBreaks() {
        #expect(Self.hardBreaks(in: "One sentence that goes on\nto a second line.") == ["One sentence that goes on"])
        #expect(Self.hardBreaks(in: "CODES\n  2  bad input,\n     a file that exists") == ["  2  bad input,"])
        #expect(Self.hardBreaks(in: "EXAMPLES\n  lynccert a \\\n      --b c\n  lynccert d").isEmpty)
        #expect(Self.hardBreaks(in: "Writes into --out:\n  a.key  the key\n  a.csr  the request\n\nNext.").isEmpty)
        #expect(Self.hardBreaks(in: "Writes:\n  a.key  the key\nNext.") == ["  a.key  the key"])
    }

    @Test("every command's discussion has no hard line break inside a paragraph")
    func discussionsHaveNoHardBreaks() {
        let commands = Self.commands()
        #expect(commands.count >= 12)
        for command in commands {
            let name = command.configuration.commandName ?? "\(command)"
            #expect(Self.hardBreaks(in: command.configuration.discussion) == [], "\(name)")
        }
    }

    @Test("export's abstract and --to help list every format")
    func exportListsEveryFormat() async throws {
        let abstract = ExportCommand.configuration.abstract
        let help = try await runLynccert(["export", "--help"])
        for format in ExportFormat.allCases {
            #expect(abstract.contains(format.rawValue), "\(format.rawValue)")
            #expect(help.stdout.contains("  \(format.rawValue) "), "FORMATS lacks \(format.rawValue)")
        }
    }

    /// The command tree as lynccert itself describes it (`--experimental-dump-help`, the input
    /// of argument-parser's generate-manual): each command's name path and long option names.
    struct ToolInfo: Decodable {
        struct Command: Decodable {
            struct Argument: Decodable {
                struct Name: Decodable {
                    var kind: String
                    var name: String
                }
                var names: [Name]?
                var shouldDisplay: Bool?
            }
            var commandName: String
            var subcommands: [Command]?
            var arguments: [Argument]?
        }
        var command: Command
    }

    @Test("docs/lynccert.1 renders without warnings and has every command and option")
    func manualIsCurrent() async throws {
        let page = TestSupport.packageRoot.appendingPathComponent("docs/lynccert.1").path
        let groff = try runProcess("groff", ["-man", "-Tascii", "-ww", "-P-c", "-P-b", "-P-u", "-P-o", page])
        #expect(groff.status == 0)
        #expect(groff.stderr.isEmpty, "\(groff.stderr)")
        let man = try runProcess(
            "man", ["--warnings", "-l", page], environment: ["MANPAGER": "cat", "MANWIDTH": "80", "LANG": "C.UTF-8"])
        #expect(man.status == 0 && man.stderr.isEmpty, "\(man.stderr)")
        #expect(man.stdout.contains("lynccert"))

        // Words joined by a rendered hyphenation are rejoined before searching.
        let text = groff.stdout.replacing(/-\n\s+/, with: "-").split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
        let dump = try await runLynccert(["--experimental-dump-help"])
        let tool = try JSONDecoder().decode(ToolInfo.self, from: dump.stdoutData)
        var checked = 0
        func visit(_ command: ToolInfo.Command) {
            for argument in command.arguments ?? [] where argument.shouldDisplay != false {
                for name in argument.names ?? [] where name.kind == "long" {
                    checked += 1
                    #expect(
                        text.contains("--\(name.name) "),
                        "\(command.commandName): --\(name.name) is not in the man page")
                }
            }
            for sub in command.subcommands ?? [] where sub.commandName != "help" {
                #expect(text.contains(sub.commandName), "\(sub.commandName)")
                visit(sub)
            }
        }
        visit(tool.command)
        #expect(checked > 50)
        // Options this release added, by name, in case the page was generated before them.
        for option in ["--upstream-ca", "--ssl-password-file", "--tls-min", "--renew", "--from-endpoint", "--quiet"] {
            #expect(text.contains(option), "\(option)")
        }
    }

    /// What bash offers for the word `current` after `words`, with the script lynccert generates.
    func bashCompletions(_ script: String, words: [String], current: String) throws -> [String] {
        let all = ["lynccert"] + words + [current]
        let quoted = all.map { "'" + $0 + "'" }.joined(separator: " ")
        let program = """
            source '\(script)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(all.count - 1)
            _lynccert lynccert '\(current)' '\(all[all.count - 2])'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try runProcess("bash", ["-c", program])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test("--generate-completion-script: bash completes commands and option values; zsh and fish scripts are made")
    func completions() async throws {
        let tmp = try TemporaryDirectory()
        let bash = try await runLynccert(["--generate-completion-script", "bash"])
        #expect(bash.status == 0, "\(bash.stderr)")
        let script = try tmp.write("lynccert.bash", bash.stdout)
        #expect(try runProcess("bash", ["-n", script]).status == 0)
        #expect(try bashCompletions(script, words: [], current: "ex") == ["export"])
        let formats = try bashCompletions(script, words: ["export", "t.yaml", "--to"], current: "")
        #expect(Set(ExportFormat.allCases.map(\.rawValue)).isSubset(of: Set(formats)), "\(formats)")
        let tls = try bashCompletions(script, words: ["export", "t.yaml", "--tls-min"], current: "")
        #expect(tls.contains("1.2") && tls.contains("1.3"), "\(tls)")
        let csr = try bashCompletions(script, words: ["csr", "t.yaml"], current: "--ren")
        #expect(csr.contains("--renew") && csr.contains("--renew-passphrase-file"), "\(csr)")

        let zsh = try await runLynccert(["--generate-completion-script", "zsh"])
        #expect(zsh.status == 0 && zsh.stdout.hasPrefix("#compdef lynccert"))
        #expect(zsh.stdout.contains("--upstream-ca"))
        let fish = try await runLynccert(["--generate-completion-script", "fish"])
        #expect(fish.status == 0 && fish.stdout.contains("complete -c 'lynccert'"))
        #expect(fish.stdout.contains("from-endpoint"))
    }
}
