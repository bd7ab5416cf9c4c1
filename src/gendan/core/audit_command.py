"""`gendan audit rekey --old-key-file F`: re-key the audit chain after SECRET_KEY was
changed (core.audit_chain.rekey). The file holds the previous SECRET_KEY (its first
line); every seal is verified under it and one checkpoint seal under the current key is
appended, in one transaction. If the old key does not verify the chain nothing is
written and the command exits with 1, naming the problems."""

import argparse
import sys


def main(argv):
    parser = argparse.ArgumentParser(prog="gendan audit")
    commands = parser.add_subparsers(dest="command", required=True)
    rekey = commands.add_parser("rekey", help="re-key the audit chain after SECRET_KEY changed")
    rekey.add_argument(
        "--old-key-file",
        required=True,
        help="a file holding the previous SECRET_KEY (keep it 0600; delete it afterwards)",
    )
    args = parser.parse_args(argv)
    from gendan.core import audit_chain

    try:
        with open(args.old_key_file, encoding="utf-8") as source:
            old_secret = source.readline().strip()
    except OSError as error:
        print(f"读不到旧密钥文件 / cannot read the old key file: {error}", file=sys.stderr)
        return 2
    try:
        verified = audit_chain.rekey(old_secret)
    except audit_chain.RekeyRefused as refused:
        print("未重新签封，什么也没有改 / not re-keyed, nothing changed:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"已用新密钥签封：旧密钥验证了 {verified} 个签封 / re-keyed: {verified} seals verified "
        "under the old key, a checkpoint sealed under the current one"
    )
    return 0
