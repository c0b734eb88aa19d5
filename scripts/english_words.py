#!/usr/bin/env python3
"""Writes middleware/src/small_talk/english_words.txt: the English words of 3 to 8 letters that
the small-talk classifier must not read as a name no list holds ("hi, invoice" is a request; "hey
zorbo" is a greeting). build.rs folds inflected forms into their stems and stores the rest in a
Bloom filter (english.rs); a word the filter holds is never read as such a name.

Sources: SCOWL's American and British lists as Debian ships them (packages wamerican and wbritish,
/usr/share/dict), proper nouns included, lower-cased; the words of CLINC150's requests
(data/smalltalk/clinc150-trainval.tsv); and the chat abbreviations and technical or brand words
below, which no dictionary holds. Rerun after changing any of them:
    apt-get install wamerican wbritish && python3 scripts/english_words.py
"""
import os
import re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "middleware/src/small_talk/english_words.txt")

# Words of requests no dictionary holds: chat abbreviations, file formats, protocols, software,
# services and devices, British and chat spellings.
EXTRA = """
pls plz plss pleas pleez asap btw idk idc fyi lol lmao lmfao rofl nvm tbh ngl lmk hmu wyd wya omw
smh imo imho afaik iirc tldr eta rsvp faq faqs diy dm dms pm pms irl tmr tmrw tmw tomoz tmrow
sql api apis pdf pdfs json yaml toml html css url urls vpn git ssh dns csv xml svg png jpg jpeg gif
gifs mp mpeg docx xlsx pptx txt zip rar exe apk ios macos linux ubuntu debian fedora unix bash zsh
cli gui sdk ide npm pip cargo rustc gcc llvm cpp java kotlin swift golang scala perl ruby rails php
node nodejs deno react vue svelte angular django flask docker podman kubectl helm nginx apache redis
mongo mysql sqlite oracle aws gcp azure lambda github gitlab jira slack zoom teams skype webex
wifi bluetooth usb hdmi ssd hdd gpu cpu ram rom bios ocr llm llms openai
iphone ipad imac macbook android pixel galaxy kindle roku xbox ps playstation
netflix hulu spotify youtube tiktok insta instagram facebook fb whatsapp wechat telegram signal
twitter reddit linkedin snapchat pinterest uber lyft doordash grubhub venmo paypal zelle cashapp
amazon ebay etsy shopify stripe visa amex walmart target costco ikea google gmail outlook yahoo
regex regexp lorem ipsum todo todos signup signin login logout logon username passwd otp pin pins
emoji emojis selfie selfies meme memes vlog vlogs podcast webinar ebook ebooks app apps ai ml ux ui
crypto bitcoin btc eth nft nfts covid vax wfh ooo pto hr ceo cfo cto vp kpi kpis roi seo sms mms
mins hrs secs yrs wks kms kgs lbs ozs mph kph usd eur gbp inr jpy cad aud
colour colours favour favourite organise realise summarise analyse catalogue programme cheque
centre theatre metre litre travelling cancelled licence defence offence jewellery aluminium
aadhaar aadhar paytm phonepe gpay upi kyc emi gst pnr ifsc neft rtgs imps irctc swiggy zomato
flipkart myntra jio airtel mpesa safaricom naira cedi cedis rand rupee rupees lakh lakhs crore
crores iban sepa bacs ach swift revolut monzo wise klarna afterpay nhs hmrc dvla gdpr ssn itin
turbotax quickbooks xero sage tally zoho canva figma notion trello asana hubspot salesforce
gonna wanna gotta kinda sorta lemme gimme dunno ya nah yep yup nope ok okay okey okie kk
""".split()

def words():
    found = set()
    for path in ("/usr/share/dict/american-english", "/usr/share/dict/british-english"):
        with open(path, encoding="utf-8", errors="ignore") as f:
            for line in f:
                w = line.strip().lower()
                if re.fullmatch(r"[a-z]+", w):
                    found.add(w)
    with open(os.path.join(ROOT, "data/smalltalk/clinc150-trainval.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] != "smalltalk":
                found.update(re.findall(r"[a-z]+", cols[-1].lower()))
    found.update(EXTRA)
    return sorted(w for w in found if 3 <= len(w) <= 8)

HEADER = """\
# English words of 3 to 8 letters that are never read as a name no list holds (written by
# scripts/english_words.py; see it for the sources). Lines starting with '#' are comments.
#
# Most words come from SCOWL (Spell Checker Oriented Word Lists), as Debian's wamerican and
# wbritish packages ship them:
#   Copyright 2000-2011 by Kevin Atkinson
#   Permission to use, copy, modify, distribute and sell these word lists, the associated
#   scripts, the output created from the scripts, and its documentation for any purpose is
#   hereby granted without fee, provided that the above copyright notice appears in all copies
#   and that both that copyright notice and this permission notice appear in supporting
#   documentation. Kevin Atkinson makes no representations about the suitability of this array
#   for any purpose. It is provided "as is" without express or implied warranty.
# SCOWL also includes parts of Moby Words II, ENABLE, 12Dicts and an inflections database made
# with WordNet 1.6 (Copyright 1997 by Princeton University; its notice must appear on all copies):
# every notice, as Debian ships it, is in english_words.COPYRIGHT next to this file.
"""

if __name__ == "__main__":
    ws = words()
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for w in ws:
            f.write(w + "\n")
    print(f"{len(ws)} words -> {os.path.relpath(OUT, ROOT)}")
