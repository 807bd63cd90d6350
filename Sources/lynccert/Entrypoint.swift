import LyncCertCLI

@main
struct Entrypoint {
    static func main() async {
        await LyncCertMain.main()
    }
}
