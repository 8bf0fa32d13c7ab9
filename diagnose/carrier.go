package diagnose

import "strings"

// Japanese mobile carriers, as returned by CarrierOf and Result.Carrier.
const (
	CarrierDocomo   = "docomo"
	CarrierAU       = "au" // KDDI
	CarrierSoftBank = "softbank"
	CarrierRakuten  = "rakuten"
)

// carrierSuffix maps a host or domain suffix to its carrier. A suffix
// matches the name itself and any name below it.
type carrierSuffix struct {
	suffix  string
	carrier string
}

// relayHosts identify a carrier by the MX that answered. They are checked
// first because a relay host is certain where a recipient domain may be
// forwarded elsewhere.
var relayHosts = []carrierSuffix{
	{"docomo.ne.jp", CarrierDocomo}, // mfsmax.docomo.ne.jp
	{"ezweb.ne.jp", CarrierAU},      // lsean.ezweb.ne.jp
	{"au.com", CarrierAU},           // msmx.au.com
	{"softbank.ne.jp", CarrierSoftBank},
	{"softbank.jp", CarrierSoftBank},
	{"rmb-ss.jp", CarrierRakuten}, // mail-rakumail-jp.gslb.rmb-ss.jp
	{"rakumail.jp", CarrierRakuten},
}

// recipientDomains identify a carrier by the recipient's domain.
var recipientDomains = []carrierSuffix{
	{"docomo.ne.jp", CarrierDocomo},
	{"ezweb.ne.jp", CarrierAU}, // also biz.ezweb.ne.jp
	{"au.com", CarrierAU},
	{"softbank.ne.jp", CarrierSoftBank},
	{"i.softbank.jp", CarrierSoftBank},
	{"vodafone.ne.jp", CarrierSoftBank}, // d.vodafone.ne.jp and the other regional names
	{"ymobile.ne.jp", CarrierSoftBank},  // Y!mobile is a SoftBank brand
	{"rakumail.jp", CarrierRakuten},
}

// CarrierOf returns the Japanese mobile carrier of a delivery, or "" when it
// is none of them. The relay ("mfsmax.docomo.ne.jp[203.138.180.112]:25")
// decides first, then the recipient domain. Both are compared without regard
// to case.
func CarrierOf(relay, domain string) string {
	host := relay
	if i := strings.IndexByte(host, '['); i >= 0 {
		host = host[:i]
	}
	if c := matchSuffix(relayHosts, host); c != "" {
		return c
	}
	return matchSuffix(recipientDomains, domain)
}

func matchSuffix(table []carrierSuffix, name string) string {
	name = strings.TrimSuffix(name, ".")
	if name == "" {
		return ""
	}
	for _, e := range table {
		if len(name) < len(e.suffix) {
			continue
		}
		tail := name[len(name)-len(e.suffix):]
		if !strings.EqualFold(tail, e.suffix) {
			continue
		}
		if len(name) == len(e.suffix) || name[len(name)-len(e.suffix)-1] == '.' {
			return e.carrier
		}
	}
	return ""
}
