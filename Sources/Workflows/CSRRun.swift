import CertPlanner
import Crypto
import Exports
import Foundation
import TopologyModel

/// `--key-type rsa|ecdsa`.
package enum KeyTypeOption: String, Sendable, CaseIterable {
    case rsa
    case ecdsa
}

/// `lynccert csr`'s use case: the file names, the organisation, the key and the request the plan
/// asks for, generated in memory (the command writes them, the next-steps text is `Reports`').
package enum CSRRun {
    package struct Paths {
        package let key: String
        package let csr: String
        package let inf: String
        package let cnf: String
        package var all: [String] { [key, csr, inf, cnf] }
    }

    package struct Contents {
        package let key: String
        package let csr: String
        package let inf: String
        package let cnf: String
    }

    package static func paths(for id: String, in folder: String) -> Paths {
        let base = URL(fileURLWithPath: folder).appendingPathComponent(Exporter.requestFileName(for: id)).path
        return Paths(key: base + ".key", csr: base + ".csr", inf: base + ".inf", cnf: base + ".cnf")
    }

    /// The topology's organisation with each command-line value overriding its field.
    package static func organization(
        _ base: Organization?, O: String?, OU: String?, L: String?, ST: String?, C: String?
    ) -> Organization? {
        var org = base ?? Organization()
        if let O { org.O = O }
        if let OU { org.OU = OU }
        if let L { org.L = L }
        if let ST { org.ST = ST }
        if let C { org.C = C }
        return [org.O, org.OU, org.L, org.ST, org.C].allSatisfy({ $0 == nil }) ? nil : org
    }

    /// The key to generate: the plan's (RSA, its size) unless the options say otherwise.
    package static func keySpecification(
        for certificate: PlannedCertificate, keyType: KeyTypeOption?, keySize: Int?, curve: ECCurve?
    ) throws -> KeySpecification {
        let ecdsa = keyType == .ecdsa || (keyType == nil && certificate.keyAlgorithm.uppercased().hasPrefix("EC"))
        if ecdsa {
            if let curve { return .ecdsa(curve) }
            return .ecdsa(keySize == 384 || (keySize == nil && certificate.keySize == 384) ? .p384 : .p256)
        }
        let bits = keySize ?? certificate.keySize
        guard KeySpecification.rsaSizes.contains(bits) else {
            throw WorkflowError.badInput(
                "\(certificate.id): RSA \(bits) is not offered; use --key-size 2048, 3072 or 4096")
        }
        return .rsa(bits: bits)
    }

    /// `RSA 2048`, `ECDSA 256`: the key as an audit names it, to compare with the one in service.
    package static func keyDescription(_ spec: KeySpecification) -> String {
        switch spec {
        case .rsa(let bits): "RSA \(bits)"
        case .ecdsa(let curve): "ECDSA \(curve.bits)"
        }
    }

    /// The CSR contents the plan asks for.
    package static func specification(for certificate: PlannedCertificate, organization: Organization?) throws
        -> CertificateSigningRequest.Specification
    {
        var usage = KeyUsage()
        for name in certificate.keyUsages {
            guard let bit = KeyUsage(name: name) else {
                throw WorkflowError.badInput("\(certificate.id): unknown key usage '\(name)'")
            }
            usage.insert(bit)
        }
        let ekus = try certificate.extendedKeyUsages.map { name in
            guard let eku = ExtendedKeyUsage(nameOrOID: name) else {
                throw WorkflowError.badInput("\(certificate.id): unknown extended key usage '\(name)'")
            }
            return eku
        }
        return CertificateSigningRequest.Specification(
            commonName: certificate.subject, organization: organization?.O, organizationalUnit: organization?.OU,
            locality: organization?.L, state: organization?.ST, country: organization?.C,
            dnsNames: certificate.sanNames, keyUsage: usage, keyUsageCritical: certificate.keyUsageCritical,
            extendedKeyUsages: ekus)
    }

    /// Generates the key and CSR and renders the INF and CNF (nothing is written here).
    package static func make(
        for certificate: PlannedCertificate, organization: Organization?, key spec: KeySpecification,
        passphrase: [UInt8]?, caTemplate: String? = nil
    ) throws -> Contents {
        do {
            let key = try PrivateKey.generate(spec)
            let request = try CertificateSigningRequest.create(
                specification(for: certificate, organization: organization), signingKey: key)
            return Contents(
                key: try key.pemPKCS8(passphrase: passphrase), csr: request.pemEncoded,
                inf: Exporter.certreqINF(for: certificate, organization: organization, caTemplate: caTemplate),
                cnf: Exporter.opensslConfig(for: certificate, organization: organization))
        } catch let error as CryptoError where error.code == .malformedInput {
            throw WorkflowError.badInput("\(certificate.id): \(error)")
        } catch let error as CryptoError {
            throw WorkflowError.failed("\(certificate.id): \(error)")
        }
    }
}
