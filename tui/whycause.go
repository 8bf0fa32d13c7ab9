package tui

// The words of the why panel's Cause, How sure and What to do sections.

import (
	"slices"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
)

// selfHedgedAdvice are the advice texts that already state how uncertain
// their cause is, or whose cause is another recipient rather than the
// class, so adviceHedge adds nothing to them.
var selfHedgedAdvice = []string{
	diagnose.AdviceDocomoFilteredSinceChange, diagnose.AdviceAUUserUnknown, diagnose.AdviceCollateral,
}

// hedgedStep returns the index of the advice step that adviceHedge opens:
// the first one about the class. The complaints step comes before it and
// needs no hedge, because it repeats what the reply itself states.
func hedgedStep(steps []diagnose.AdviceStep) int {
	if len(steps) > 1 && steps[0].ID == diagnose.AdviceComplaints {
		return 1
	}
	return 0
}

// adviceHedge returns the words that open the first line of the advice
// when the class is not certain, so that the advice reads as being about
// the likely cause and agrees with "How sure" above it. A certain class,
// and an advice text that hedges itself, get "".
func adviceHedge(l *l10n.Localizer, confidence diagnose.Confidence, adviceID string) string {
	if slices.Contains(selfHedgedAdvice, adviceID) {
		return ""
	}
	switch confidence {
	case diagnose.ConfidenceMedium:
		return l.T("why.hedge.medium") + " "
	case diagnose.ConfidenceLow:
		return l.T("why.hedge.low") + " "
	}
	return ""
}

// confidenceName returns the l10n suffix of a confidence grade.
func confidenceName(c diagnose.Confidence) string {
	switch c {
	case diagnose.ConfidenceHigh, diagnose.ConfidenceMedium:
		return string(c)
	}
	return string(diagnose.ConfidenceLow)
}

// causeID returns the message id that explains class in the Cause section.
// docomo's "550 Unknown user" at end of DATA since 2025-03-13 keeps the
// class filtered, and its text agrees with the advice: the address more
// likely does not exist.
func causeID(class diagnose.Class, diag diagnosis) string {
	if diag.Class == class && diag.Result.Grounds == diagnose.GroundsDocomoSinceChange {
		return "why.cause.docomoSinceChange"
	}
	if diag.Class == class && slices.Contains(diag.Advice.IDs(), diagnose.AdviceUserUnknownTemporary) {
		// A 4xx reply does not yet show that the mailbox does not exist.
		return "why.cause.userUnknownTemporary"
	}
	if diag.Class == class && slices.Contains(diag.Advice.IDs(), diagnose.AdviceRecipientAccessDenied) {
		// The receiver's policy refuses the address, which may exist.
		return "why.cause.recipientAccessDenied"
	}
	if diag.Class == class && slices.Contains(diag.Advice.IDs(), diagnose.AdviceDNSTemporary) {
		return "why.cause.dnsTemporary"
	}
	if diag.Class == class && slices.Contains(diag.Advice.IDs(), diagnose.AdviceSendingQuota) {
		// The relay's own limit, not the receiver, held the mail back.
		return "why.cause.sendingQuota"
	}
	if diag.Class == class && slices.Contains(diag.Advice.IDs(), diagnose.AdviceComplaints) {
		// The reply gives complaints as its reason, not volume.
		return "why.cause.complaints"
	}
	return "why.class." + class.String()
}

// groundsID returns the message id that explains why a result has its
// confidence level. A result without grounds falls back to its basis.
func groundsID(res diagnose.Result) string {
	if slices.Contains(diagnose.AllGrounds(), res.Grounds) {
		return "why.grounds." + string(res.Grounds)
	}
	return "why.basis." + basisName(res.Basis)
}

// basisName returns the l10n suffix of a classification basis.
func basisName(basis string) string {
	switch basis {
	case diagnose.BasisOverride, diagnose.BasisToken, diagnose.BasisText, diagnose.BasisCode:
		return basis
	}
	return "none"
}
