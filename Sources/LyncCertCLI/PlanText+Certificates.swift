import CertPlanner

extension PlanText {
    static func certificates(_ plan: CertificatePlan) -> String {
        plan.certificates.map { c in
            "Certificate \(c.id)\n  Subject: \(c.subject)\n" + c.sanNames.map { "  SAN: \($0)" }.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }
}
