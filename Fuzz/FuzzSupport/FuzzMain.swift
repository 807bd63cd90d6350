import CFuzzDriver
import Foundation

/// The `main` of every fuzzing harness.
public enum FuzzMain {
    /// Under libFuzzer (scripts/fuzz.sh's build), runs the fuzzer with the command line's options.
    /// Otherwise replays each file named through `test` once, so a reproducer can be run
    /// without the sanitizers: `.build/debug/FuzzCrypto crash-1234`.
    public static func run(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        if lync_fuzz_available() != 0 {
            exit(lync_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, test))
        }
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
                exit(2)
            }
            _ = [UInt8](data).withUnsafeBufferPointer { test($0.baseAddress, $0.count) }
            print("\(path): \(data.count) bytes, no crash")
        }
        exit(0)
    }
}
