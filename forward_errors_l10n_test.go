package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestForwardArgumentMistakesExplained checks that each mistake on the
// command line of mailtop forward gets a Japanese hint that names the
// value at fault and the fix.
func TestForwardArgumentMistakesExplained(t *testing.T) {
	bin := buildBinary(t, "test")
	dir := t.TempDir()
	const via = "smtp://127.0.0.1:2525"
	checkMistakes(t, bin, writeConfig(t, "# defaults\n"), []commandLineMistake{
		{
			"nothing given", []string{"forward"}, 2,
			"missing the messages and the relay",
			"転送するメッセージとリレーが指定されていません。",
		},
		{
			"no via", []string{"forward", "7E996BE094"}, 2,
			"--via is required",
			"--via でリレーを指定してください。",
		},
		{
			"negative timeout", []string{"forward", "--via", via, "--timeout", "-5s", "7E996BE094"}, 2,
			"invalid --timeout -5s",
			"--timeout の値「-5s」は使えません。",
		},
		{
			"bad mode", []string{"forward", "--via", via, "--mode", "copy", "7E996BE094"}, 2,
			`invalid --mode "copy"`,
			"--mode の値「copy」は使えません。resend か attach",
		},
		{
			"attach and mode resend", []string{"forward", "--via", via, "--attach", "--mode", "resend", "7E996BE094"}, 2,
			"--attach contradicts --mode resend",
			"--attach と --mode resend は同時に指定できません。",
		},
		{
			"after and then", []string{"forward", "--via", via, "--then", "hold", "--after", "delete", "7E996BE094"}, 2,
			"--after delete contradicts --then hold",
			"--after delete と --then hold は同時に指定できません。",
		},
		{
			"bad then", []string{"forward", "--via", via, "--then", "drop", "7E996BE094"}, 2,
			`invalid --then "drop"`,
			"--then の値「drop」は使えません。keep、hold、delete のどれか",
		},
		{
			"bad to", []string{"forward", "--via", via, "--to", "nobody", "7E996BE094"}, 2,
			`invalid --to address "nobody"`,
			"--to の値「nobody」はメールアドレスではありません。",
		},
		{
			"bad from", []string{"forward", "--via", via, "--from", "<shop@example.jp>", "7E996BE094"}, 2,
			`invalid --from address "<shop@example.jp>"`,
			"--from の値「<shop@example.jp>」はメールアドレスではありません。",
		},
		{
			"bounce and queue IDs", []string{"forward", "--via", via, "--bounce", "b.eml", "--to", "a@example.jp", "7E996BE094"}, 2,
			"give either queue IDs or --bounce FILE, not both",
			"queue ID と --bounce は同時に指定できません。",
		},
		{
			"bounce without to", []string{"forward", "--via", via, "--bounce", "b.eml"}, 2,
			"--bounce needs --to",
			"--bounce には --to で転送先のアドレスが必要です。",
		},
		{
			"bounce with then", []string{"forward", "--via", via, "--bounce", "b.eml", "--to", "a@example.jp", "--then", "hold"}, 2,
			"--then hold applies to a queued message, not to --bounce",
			"--then hold はキューにあるメッセージにだけ使えます。",
		},
		{
			"no queue ID", []string{"forward", "--via", via}, 2,
			"give the queue IDs of the messages to forward",
			"転送するメッセージの queue ID",
		},
		{
			"queue ID twice", []string{"forward", "--via", via, "7E996BE094", "7E996BE094"}, 2,
			"queue ID 7E996BE094 is given twice",
			"queue ID 7E996BE094 が 2 回指定されています。",
		},
		{
			"bounce file missing", []string{"forward", "--via", via, "--bounce", filepath.Join(dir, "no-such.eml"), "--to", "a@example.jp"}, 2,
			"bounce file " + filepath.Join(dir, "no-such.eml") + " not found",
			"--bounce に指定した " + filepath.Join(dir, "no-such.eml") + " はありません。",
		},
		{
			"bounce file directory", []string{"forward", "--via", via, "--bounce", dir, "--to", "a@example.jp"}, 2,
			"bounce file " + dir + " is a directory",
			"--bounce に指定した " + dir + " はディレクトリです。",
		},
		{
			"relay URL without port", []string{"forward", "--via", "smtp://smtp.example.jp", "7E996BE094"}, 2,
			`invalid relay URL "smtp://smtp.example.jp"`,
			"--via の値「smtp://smtp.example.jp」は使えません。",
		},
		{
			"relay URL bad port", []string{"forward", "--via", "smtp://smtp.example.jp:70000", "7E996BE094"}, 2,
			`invalid port in relay URL "smtp://smtp.example.jp:70000"`,
			"--via の値「smtp://smtp.example.jp:70000」は使えません。",
		},
	})
}

// TestRelayConfigMistakesExplained checks that an invalid [[relay]] table
// gets a Japanese hint that names the relay, the value at fault and the
// fix, when the config file is loaded and when forward reads the relay's
// password.
func TestRelayConfigMistakesExplained(t *testing.T) {
	bin := buildBinary(t, "test")
	relayConfig := func(lines string) string {
		return writeConfig(t, "[[relay]]\nname = \"provider\"\n"+lines)
	}
	password := filepath.Join(t.TempDir(), "provider.pass")
	if err := os.WriteFile(password, []byte("secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(password, 0o644); err != nil {
		t.Fatal(err)
	}
	missingHost := relayConfig("port = 587\n")
	badPort := relayConfig("host = \"smtp.example.jp\"\nport = 70000\n")
	badTLS := relayConfig("host = \"smtp.example.jp\"\ntls = \"ssl\"\n")
	badAuth := relayConfig("host = \"smtp.example.jp\"\nauth = \"cram-md5\"\nusername = \"shop\"\npassword_env = \"X\"\n")
	openPassword := relayConfig("host = \"smtp.example.jp\"\nauth = \"plain\"\nusername = \"shop\"\npassword_file = \"" + password + "\"\n")
	emptyEnv := relayConfig("host = \"127.0.0.1\"\ntls = \"none\"\nauth = \"plain\"\nusername = \"shop\"\npassword_env = \"MAILTOP_TEST_UNSET_PASSWORD\"\n")
	checkMistakes(t, bin, writeConfig(t, "# defaults\n"), []commandLineMistake{
		{
			"missing host", []string{"forward", "--config", missingHost, "--via", "provider", "7E996BE094"}, 3,
			"config file " + missingHost + `: relay "provider": host is missing`,
			"設定ファイル " + missingHost + `: [[relay]] "provider": host がありません。host = "smtp.example.com" のように`,
		},
		{
			"bad port", []string{"report", "--log", capturedLog, "--config", badPort}, 1,
			"config file " + badPort + `: relay "provider": port 70000 is invalid`,
			`[[relay]] "provider": port 70000 は使えません。587 のように、1～65535 の TCP ポートを指定してください`,
		},
		{
			"bad tls", []string{"forward", "--config", badTLS, "--via", "provider", "7E996BE094"}, 3,
			"config file " + badTLS + `: relay "provider": tls "ssl" is invalid`,
			`tls "ssl" は使えません。"starttls"、"implicit"、"none" のどれかを指定してください`,
		},
		{
			"unknown auth", []string{"forward", "--config", badAuth, "--via", "provider", "7E996BE094"}, 3,
			"config file " + badAuth + `: relay "provider": auth "cram-md5" is invalid`,
			`auth "cram-md5" は使えません。"plain" か "login" を指定するか、auth を外してください`,
		},
		{
			"password file readable by others", []string{"forward", "--config", openPassword, "--via", "provider", "7E996BE094"}, 3,
			"config file " + openPassword + `: relay "provider": password_file ` + password + " has mode 0644",
			"password_file " + password + " のモードは 0644 で、ほかのユーザーが読めます。chmod 600 " + password + " を実行してください",
		},
		{
			"password variable unset", []string{"forward", "--config", emptyEnv, "--via", "provider", "7E996BE094"}, 3,
			`relay "provider": environment variable MAILTOP_TEST_UNSET_PASSWORD from password_env is empty or unset`,
			`[[relay]] "provider": password_env の環境変数 MAILTOP_TEST_UNSET_PASSWORD が空か、設定されていません。`,
		},
	})
}
