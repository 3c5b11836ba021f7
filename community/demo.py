"""Demo content: a support community for Lumen Devices, a fictional home-hardware maker."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select

from community.extensions import db
from community.markup import render_markdown, render_plain
from community.models import (
    Answer,
    Comment,
    Question,
    Revision,
    Tag,
    User,
    Vote,
    question_tags,
    utcnow,
)

DEMO_USERS = [
    # (username, role, password) - listed in the README; never use these outside a demo.
    ("admin", "admin", "admin-demo"),
    ("moderator", "moderator", "moderator-demo"),
    ("staff", "staff", "staff-demo"),
    ("member", "member", "member-demo"),
    ("alice", "member", "alice-demo"),
    ("bogdan", "member", "bogdan-demo"),
    ("chen", "member", "chen-demo"),
    ("dara", "member", "dara-demo"),
    ("emeka", "member", "emeka-demo"),
]

TAGS = {
    "router": "Lumen AX3000 and AX5400 routers",
    "mesh": "Lumen Mesh Wi-Fi nodes and satellites",
    "nas": "Lumen HomeVault network storage",
    "camera": "Lumen Eye indoor and outdoor cameras",
    "thermostat": "Lumen Therm smart thermostat",
    "printer": "Lumen InkJet and LaserJet printers",
    "app": "The Lumen Home mobile app",
    "firmware": "Firmware updates across products",
}

# (tags, title, body, [answers]); the first answer is the accepted one when marked with "*".
QUESTIONS: list[tuple[str, str, str, list[str]]] = [
    (
        "router firmware",
        "Router drops Wi-Fi every evening around 8pm",
        "My AX3000 loses Wi-Fi for about a minute every evening. The status light turns amber. "
        "Firmware is 1.4.2. Wired devices keep working.",
        [
            "*Go to Advanced > Wireless and turn off **Auto channel at 20:00**. The scheduled channel scan "
            "restarts the radio. Firmware 1.4.5 fixes the schedule too.",
            "Same here; updating to 1.4.5 stopped it.",
        ],
    ),
    (
        "router",
        "How do I factory reset the AX5400 without the app?",
        "I forgot the admin password and the app cannot find the router. Is there a button reset?",
        [
            "*Hold the recessed RESET button on the back for 10 seconds until the light blinks white. "
            "The default password is printed on the label under the router."
        ],
    ),
    (
        "router",
        "Port forwarding for a game server does not work",
        "I forwarded TCP 25565 to my PC (192.168.1.20) but friends still cannot connect. "
        "The router shows the rule as active.",
        [
            "*Check that your ISP does not use CGNAT: if the WAN address on the status page starts with "
            "100.64 you need to ask them for a public IP.",
            "Also give the PC a DHCP reservation, otherwise its address changes after a reboot.",
        ],
    ),
    (
        "router firmware",
        "Firmware update stuck at 95%",
        "The router web page has shown 'Updating 95%' for 40 minutes. Is it safe to unplug it?",
        [
            "*Wait one hour in total; if it is still stuck, unplug it. The router keeps a backup image and "
            "will boot the old firmware. Then update again with a cable instead of Wi-Fi."
        ],
    ),
    (
        "router",
        "Guest network cannot reach the printer",
        "Visitors on the guest Wi-Fi want to print but the printer is not found.",
        [
            "*Guest networks are isolated by design. Enable **Allow guests to see local devices** under "
            "Guest Network, or print from the main network."
        ],
    ),
    (
        "router app",
        "Parental controls schedule ignored on weekends",
        "I set bedtime to 21:00 for the kids' tablets, but on Saturday they are online until midnight.",
        [
            "Check the time zone in System > Time; mine was UTC after a reset.",
            "*The weekend profile is separate: open the profile, tap Schedule and enable Sat/Sun rows.",
        ],
    ),
    (
        "router",
        "Slow speeds on 5 GHz but fine on 2.4 GHz",
        "Speed test gives 300 Mbps on 2.4 GHz and only 40 on 5 GHz next to the router. Plan is 500.",
        [
            "*Set the 5 GHz channel width to 80 MHz and pick channel 36 or 44; DFS channels can fall back "
            "to 20 MHz when radar is detected."
        ],
    ),
    (
        "router",
        "Router keeps rebooting after power cut",
        "Since a power cut yesterday the router reboots every 10 minutes on its own.",
        [
            "Try another power adapter, 12 V 2 A. A damaged adapter causes exactly this.",
            "*It was the adapter. Replaced under warranty.",
        ],
    ),
    (
        "router",
        "Can I use my own modem with the AX3000?",
        "My ISP gave me a modem-router combo. Can I put the AX3000 behind it?",
        [
            "*Yes. Put the ISP box in bridge mode, or use Access Point mode on the AX3000 to avoid double NAT."
        ],
    ),
    (
        "router",
        "IPv6 not working after enabling it",
        "I enabled IPv6 but test-ipv6 sites still say I have no IPv6.",
        ["*Choose 'DHCPv6 with prefix delegation' as the connection type; most ISPs need it."],
    ),
    (
        "mesh",
        "Mesh satellite shows red light and won't join",
        "The new satellite node blinks red after setup in the app. It is two rooms away from the main node.",
        [
            "*Red means no backhaul. Move it closer for the first pairing, then move it back; "
            "keep it within about 10 m or one floor of another node."
        ],
    ),
    (
        "mesh app",
        "Devices stick to the far mesh node",
        "My laptop stays connected to the garage node even in the living room next to the main node.",
        [
            "*Enable **Smart Steering** in the app under Network > Advanced. Some laptops also need "
            "'roaming aggressiveness' raised in their Wi-Fi driver settings."
        ],
    ),
    (
        "mesh",
        "Wired backhaul between mesh nodes",
        "My house has Ethernet in every room. Can mesh nodes use the cables?",
        [
            "*Yes, connect the LAN port of one node to the WAN port of the next; the app detects wired "
            "backhaul automatically (firmware 2.1+)."
        ],
    ),
    (
        "mesh firmware",
        "Mesh firmware update failed on one node",
        "Two nodes updated to 2.3.0, the third says update failed and is still on 2.2.1.",
        [
            "*Restart that node and run the update again from the app. If it fails again, update it "
            "alone while wired to the main node."
        ],
    ),
    (
        "mesh",
        "How many mesh satellites can I add?",
        "Planning a large house. Is there a limit on the number of nodes?",
        [
            "*Up to 6 nodes per network is supported. More will work but speed drops with each wireless hop."
        ],
    ),
    (
        "mesh",
        "Smart plugs cannot connect to mesh network",
        "Cheap 2.4 GHz smart plugs fail during setup on my mesh Wi-Fi.",
        [
            "*Temporarily enable **2.4 GHz only** (IoT network) in the app during pairing; some plugs "
            "cannot handle a combined 2.4/5 GHz network name."
        ],
    ),
    (
        "mesh",
        "Mesh node keeps disconnecting at night",
        "Every night around 3 am one node goes offline for 5 minutes.",
        ["*That is the nightly optimisation. You can move it under Network > Maintenance window."],
    ),
    (
        "mesh app",
        "Mesh app says 'network not found' after phone change",
        "New phone, logged into the app, but it says no network found.",
        [
            "*Log in with the same Lumen account you used for setup; networks are tied to the account."
        ],
    ),
    (
        "mesh",
        "Can I mix mesh generations?",
        "I have two first-generation nodes. Can I add a new Mesh 2 node?",
        ["*Yes, Mesh 2 nodes join a Mesh 1 network, but the network runs at Mesh 1 speeds."],
    ),
    (
        "mesh",
        "Ethernet port on satellite not giving internet",
        "A PC wired to the satellite's Ethernet port gets no IP address.",
        ["*Update all nodes to 2.3.0; the bridge bug on satellites was fixed there."],
    ),
    (
        "nas",
        "HomeVault not visible in Windows network",
        "The NAS works in the app but does not appear in Windows File Explorer under Network.",
        [
            "*Windows no longer shows SMB1 devices. Map it directly: type \\\\homevault in File Explorer, "
            "and enable SMB2/3 in the NAS settings."
        ],
    ),
    (
        "nas",
        "RAID rebuild taking days",
        "Replaced a failed disk in my 4-bay HomeVault. Rebuild shows 3% after 12 hours.",
        [
            "*Set Storage > Rebuild priority to High and pause scheduled backups; a 4 TB rebuild should "
            "finish in about a day."
        ],
    ),
    (
        "nas",
        "Time Machine backups to the NAS fail",
        "My Mac says 'The backup disk image could not be accessed' every night.",
        [
            "*Create a dedicated share with **Time Machine** enabled and a size quota; do not reuse the "
            "general share."
        ],
    ),
    (
        "nas firmware",
        "NAS fan very loud after firmware update",
        "After updating to 5.1 the fan runs at full speed all the time.",
        ["*Set the fan mode back to Quiet in Hardware > Fan; the update reset it to Performance."],
    ),
    (
        "nas app",
        "Remote access to HomeVault from outside home",
        "How do I reach my files when travelling without opening ports?",
        ["*Enable Lumen Relay in the app; it connects through our relay without port forwarding."],
    ),
    (
        "nas",
        "Which hard drives are compatible with HomeVault?",
        "Can I use desktop drives or do I need NAS drives?",
        ["*NAS-rated CMR drives are recommended. SMR desktop drives work but rebuild very slowly."],
    ),
    (
        "nas",
        "Plex server on HomeVault stutters on 4K",
        "4K movies stutter when streaming from the NAS to the TV.",
        [
            "*The NAS cannot transcode 4K. Set the TV client to play the original quality (direct play)."
        ],
    ),
    (
        "nas",
        "Recovering deleted files from NAS share",
        "I deleted a folder by mistake. Is there a recycle bin?",
        [
            "*Each share has a #recycle folder when Recycle Bin is enabled in the share settings; "
            "snapshots can also be restored from Storage > Snapshots."
        ],
    ),
    (
        "nas",
        "NAS shows disk health warning",
        "One disk shows 'Warning: reallocated sectors'. Should I replace it?",
        ["*Yes, order a replacement now; reallocated sectors usually keep growing."],
    ),
    (
        "nas",
        "How to migrate data to a bigger HomeVault",
        "Moving from the 2-bay to the 4-bay model. Can I move the disks?",
        [
            "*Move the disks in the same order; the 4-bay model imports the volume, then add new disks."
        ],
    ),
    (
        "camera app",
        "Camera offline after changing Wi-Fi password",
        "I changed my Wi-Fi password and now all Lumen Eye cameras are offline.",
        [
            "*Press the setup button for 5 seconds until it says 'ready to pair', then choose "
            "Reconnect Wi-Fi in the app; recordings are kept."
        ],
    ),
    (
        "camera",
        "Night vision image is washed out",
        "The outdoor camera shows a white blur at night.",
        [
            "*Infrared light is reflecting off a nearby wall or eave. Tilt the camera down or turn off "
            "the IR light and use the spotlight."
        ],
    ),
    (
        "camera app",
        "Motion alerts for every passing car",
        "I get dozens of notifications per hour from cars on the street.",
        ["*Draw an activity zone that excludes the street and enable person detection only."],
    ),
    (
        "camera",
        "Camera battery drains in two days",
        "The battery camera was supposed to last months but lasts two days.",
        [
            "*Lower the motion sensitivity and turn off 'live view on motion'; a busy zone wakes it "
            "constantly. Check the signal strength too: a weak signal costs battery."
        ],
    ),
    (
        "camera",
        "Local recording to SD card without subscription",
        "Can the camera record to a microSD card without paying for cloud?",
        [
            "*Yes, insert a card up to 256 GB formatted as FAT32 and enable Local Recording in settings."
        ],
    ),
    (
        "camera firmware",
        "Camera stuck in boot loop after update",
        "The light cycles blue-red endlessly since last night's update.",
        [
            "*Hold reset for 20 seconds to restore the factory firmware, then update again.",
            "Contact support if it happens twice; the flash may be faulty.",
        ],
    ),
    (
        "camera",
        "Two-way audio has echo",
        "When I talk through the camera, the other person hears an echo.",
        [
            "*Turn down the camera speaker volume to 60% and enable echo cancellation in audio settings."
        ],
    ),
    (
        "camera app",
        "Share camera access with family",
        "How can my partner see the cameras without my password?",
        ["*In the app: Settings > Sharing > Invite; they get their own login with view rights."],
    ),
    (
        "camera",
        "Outdoor camera in freezing weather",
        "Will the outdoor camera work at -20 C?",
        [
            "*It is rated to -20 C; battery models charge only above 0 C, so use the solar panel or mains."
        ],
    ),
    (
        "camera",
        "Video clips are only 10 seconds long",
        "Recorded events cut off after 10 seconds.",
        ["*Clip length is a setting: Recording > Clip length, up to 60 seconds."],
    ),
    (
        "thermostat",
        "Thermostat shows 'no power' with C-wire missing",
        "Installing the Lumen Therm, it says no power. My old thermostat had no C-wire.",
        [
            "*Use the included power adapter kit on the furnace terminals; the thermostat needs a "
            "constant 24 V common wire."
        ],
    ),
    (
        "thermostat",
        "Heating short cycles every few minutes",
        "The furnace turns on and off every 3 minutes.",
        [
            "*Set Heating > Minimum run time to 10 minutes and check the temperature sensor is not near "
            "a vent."
        ],
    ),
    (
        "thermostat app",
        "Schedule not followed after daylight saving change",
        "Since the clock change, heating starts an hour early.",
        ["*Update the app and thermostat to 3.2; the time zone rule was wrong for some regions."],
    ),
    (
        "thermostat",
        "Heat pump auxiliary heat runs too often",
        "My electric bill doubled; aux heat runs even when it's 5 C outside.",
        ["*Set the aux heat lockout temperature to -5 C in Equipment settings."],
    ),
    (
        "thermostat",
        "Thermostat temperature reading is 3 degrees high",
        "It says 23 C but a separate thermometer says 20 C.",
        ["*Use Settings > Temperature offset to correct it, and make sure it is not in sunlight."],
    ),
    (
        "thermostat firmware",
        "Thermostat Wi-Fi disconnects after firmware 3.1",
        "Since 3.1 it drops off Wi-Fi daily.",
        ["*Firmware 3.1.2 fixes the Wi-Fi power saving bug; it is rolling out now."],
    ),
    (
        "thermostat",
        "Can the thermostat control humidity?",
        "I have a whole-house humidifier. Can Lumen Therm control it?",
        ["*Yes, wire it to the HUM terminal and enable it in Equipment > Accessories."],
    ),
    (
        "thermostat app",
        "Geofencing does not switch to away mode",
        "When we both leave, it stays in home mode.",
        [
            "*Each phone needs location 'Always' permission for the app, and both phones must be added "
            "as household members."
        ],
    ),
    (
        "thermostat",
        "Fan runs constantly even when heating is off",
        "The furnace fan never stops.",
        [
            "*Set Fan mode to Auto; 'On' runs it continuously. Check the G wire is in the G terminal."
        ],
    ),
    (
        "thermostat",
        "Installing with a two-stage furnace",
        "Does Lumen Therm support two-stage heating?",
        ["*Yes, connect W2 and select two-stage in the setup wizard."],
    ),
    (
        "printer",
        "Printer prints blank pages after cartridge change",
        "After installing new ink, the pages come out blank.",
        [
            "*Remove the protective tape from the cartridge nozzles and run Maintenance > Head cleaning "
            "twice."
        ],
    ),
    (
        "printer app",
        "Printer offline on Windows but online in the app",
        "The app sees the printer but Windows says offline.",
        [
            "*Remove the printer in Windows and add it again using its IP address; the old port pointed "
            "to a previous address. A DHCP reservation prevents it."
        ],
    ),
    (
        "printer",
        "Paper jam error but no paper inside",
        "It says paper jam but I have removed everything.",
        ["*Open the rear access door; a small scrap often stays on the rollers there."],
    ),
    (
        "printer",
        "Scan to email fails with authentication error",
        "Scan to email says 'authentication failed' with my mail account.",
        [
            "*Most mail providers need an app password for SMTP; create one and use port 587 with TLS."
        ],
    ),
    (
        "printer firmware",
        "Third-party cartridges rejected after update",
        "After the firmware update my compatible cartridges are not recognised.",
        [
            "*Firmware cannot be rolled back. Lumen only supports Lumen cartridges; check your "
            "cartridge seller for updated chips."
        ],
    ),
    (
        "printer",
        "Prints have horizontal lines",
        "Text and photos have white horizontal stripes.",
        [
            "*Run a nozzle check and head alignment from the printer menu; clean twice at most, then let "
            "it rest an hour."
        ],
    ),
    (
        "printer",
        "Duplex printing on both sides not available",
        "The option to print on both sides is greyed out on my Mac.",
        [
            "*Install the full driver from the support page; the AirPrint driver hides duplex on some "
            "models."
        ],
    ),
    (
        "printer app",
        "Set up printer on new Wi-Fi without USB",
        "I changed routers. How do I connect the printer to the new Wi-Fi?",
        [
            "*Hold the Wi-Fi button for 5 seconds to start setup mode, then use Add device in the app."
        ],
    ),
    (
        "printer",
        "Laser printer toner low warning too early",
        "It says toner low after 300 pages.",
        ["*You can keep printing until quality drops; the warning is conservative."],
    ),
    (
        "printer",
        "Printing from phone is very slow",
        "A one-page PDF from my phone takes 2 minutes to start.",
        ["*Turn off Wi-Fi Direct and use the same network; print quality 'Best' is also slower."],
    ),
]


# (provider, id, title, description, tags, demo question numbers it answers). The ids are
# placeholders for a fictional company: cards render and link out, and the player loads nothing
# until a visitor clicks (then the provider shows its own "unavailable" page).
DEMO_VIDEOS = [
    (
        "youtube",
        "LumenReset1",
        "Factory reset any Lumen router in 30 seconds",
        "Where the recessed reset button is, how long to hold it, and what the lights mean.",
        "router",
        (2,),
    ),
    (
        "youtube",
        "LumenMesh02",
        "Placing mesh satellites: backhaul lights explained",
        "Red, amber and white lights on mesh nodes, and how far apart to place them.",
        "mesh",
        (11, 17),
    ),
    (
        "vimeo",
        "761234567",
        "Reconnect a Lumen Eye camera after a Wi-Fi password change",
        "Press setup for five seconds, then Reconnect Wi-Fi in the app. Recordings are kept.",
        "camera app",
        (31,),
    ),
]


def _seed_videos(users: dict[str, User], tags: dict[str, Tag]) -> int:
    """Add the demo videos and link them to the questions they answer."""
    from community.models import QuestionVideo, Video
    from community.videos import parse_video_url, watch_url

    created = 0
    for provider, external_id, title, description, tag_names, numbers in DEMO_VIDEOS:
        url = (
            f"https://www.youtube.com/watch?v={external_id}"
            if provider == "youtube"
            else f"https://vimeo.com/{external_id}"
        )
        link = parse_video_url(url)
        if link is None:
            continue
        video = Video(
            url=watch_url(link),
            provider=provider,
            external_id=external_id,
            title=title,
            description=description,
            added_by_id=users["staff"].id,
            status="approved",
        )
        video.tags = [tags[n] for n in tag_names.split()]
        db.session.add(video)
        db.session.flush()
        for n in numbers:
            question_id = db.session.scalar(
                select(Question.id).where(Question.external_id == f"demo-{n}")
            )
            if question_id is not None:
                db.session.add(
                    QuestionVideo(
                        question_id=question_id,
                        video_id=video.id,
                        status="approved",
                        proposed_by_id=users["staff"].id,
                        approved_by_id=users["staff"].id,
                        approved_at=utcnow(),
                    )
                )
        created += 1
    return created


def _seed_deflection(rng: random.Random, now: Any) -> int:
    """Scripted ask sessions over the last four weeks, recorded through the real event service."""
    from community.deflection.events import EventItem, record_events
    from community.models import DeflectionEvent, Video

    if db.session.scalar(select(func.count(DeflectionEvent.id))):
        return 0
    solved = list(
        db.session.scalars(select(Question.id).where(Question.accepted_answer_id.is_not(None)))
    )
    unanswered = list(db.session.scalars(select(Question.id).where(Question.answer_count == 0)))
    videos = list(db.session.scalars(select(Video.id)))
    sessions = 0
    for n in range(140):
        token = f"{rng.getrandbits(128):032x}"
        start = now - timedelta(days=rng.uniform(0.6, 28), minutes=rng.randint(0, 600))
        shown_ids = rng.sample(solved, 4)
        items = [EventItem("question", qid, rank) for rank, qid in enumerate(shown_ids, 1)]
        if videos and n % 4 == 0:
            items[-1] = EventItem("video", rng.choice(videos), 4)
        record_events(token, "ask_started", [], now=start, limited=False)
        record_events(
            token, "suggestions_shown", items, now=start + timedelta(seconds=8), limited=False
        )
        sessions += 1
        roll = rng.random()
        if roll < 0.15:
            continue  # saw suggestions, opened none
        opened = items[min(int(rng.expovariate(1.2)), len(items) - 1)]
        at = start + timedelta(seconds=rng.randint(15, 90))
        record_events(token, "suggestion_opened", [opened], now=at, limited=False)
        at += timedelta(seconds=rng.randint(30, 240))
        if roll < 0.55:
            record_events(token, "solved_yes", [opened], now=at, limited=False)
        elif roll < 0.65:
            record_events(token, "solved_no", [opened], now=at, limited=False)
        elif roll < 0.80 and unanswered:
            posted = rng.choice(unanswered)  # "posted anyway": one of the unanswered demo questions
            record_events(
                token,
                "question_posted",
                [EventItem("question", posted)],
                now=at,
                question_id=posted,
                limited=False,
            )
        # otherwise: opened and left without posting (an implicit deflection once the window ends)
    return sessions


def seed(reset: bool = False, rng_seed: int = 7) -> dict[str, int]:
    """Create demo users, tags and questions; does nothing if demo content already exists."""
    if reset:
        for model in (Vote, Comment, Revision):
            db.session.execute(delete(model))
        db.session.execute(db.update(Question).values(accepted_answer_id=None))
        db.session.execute(delete(Answer))
        db.session.execute(delete(question_tags))
        db.session.execute(delete(Question))
        db.session.flush()
    created = {"users": 0, "tags": 0, "questions": 0, "answers": 0, "votes": 0, "comments": 0}
    users = {u.username: u for u in db.session.scalars(select(User))}
    for username, role, password in DEMO_USERS:
        if username not in users:
            user = User(username=username, role=role)
            user.set_password(password)
            db.session.add(user)
            users[username] = user
            created["users"] += 1
    tags = {t.name: t for t in db.session.scalars(select(Tag))}
    for name, description in TAGS.items():
        if name not in tags:
            tags[name] = Tag(name=name, description=description)
            db.session.add(tags[name])
            created["tags"] += 1
    db.session.flush()
    if db.session.scalar(
        select(func.count(Question.id)).where(Question.external_id.like("demo-%"))
    ):
        return {k: v for k, v in created.items() if v}
    rng = random.Random(rng_seed)
    members = [users[n] for n in ("member", "alice", "bogdan", "chen", "dara", "emeka")]
    helpers = members + [users["staff"], users["moderator"]]
    now = utcnow()
    for i, (tag_names, title, body, answers) in enumerate(QUESTIONS):
        asked_at = now - timedelta(days=len(QUESTIONS) - i, hours=rng.randint(0, 12))
        asker = members[i % len(members)]
        q = Question(
            title=title,
            body=body,
            body_html=render_markdown(body),
            author_id=asker.id,
            external_id=f"demo-{i + 1}",
            created_at=asked_at,
            updated_at=asked_at,
            last_activity_at=asked_at,
        )
        q.tags = [tags[n] for n in tag_names.split()]
        for tag in q.tags:
            tag.question_count += 1
        db.session.add(q)
        db.session.flush()
        db.session.add(
            Revision(
                post_type="question",
                post_id=q.id,
                number=1,
                editor_id=asker.id,
                title=title,
                body=body,
                tags=tag_names,
                comment="asked",
                created_at=asked_at,
            )
        )
        created["questions"] += 1
        if i % 10 == 9:
            continue  # leave some unanswered for the unanswered queue
        for j, text in enumerate(answers):
            accepted = text.startswith("*")
            text = text.lstrip("*")
            author = rng.choice([h for h in helpers if h.id != asker.id])
            at = asked_at + timedelta(hours=rng.randint(1, 30) + j)
            a = Answer(
                question_id=q.id,
                author_id=author.id,
                body=text,
                body_html=render_markdown(text),
                created_at=at,
                updated_at=at,
                is_official=author.role == "staff",
            )
            db.session.add(a)
            db.session.flush()
            created["answers"] += 1
            q.answer_count += 1
            q.first_answer_at = q.first_answer_at or at
            q.last_activity_at = max(q.last_activity_at, at)
            if accepted:
                q.accepted_answer_id, q.accepted_at = a.id, at + timedelta(hours=2)
                a.accepted_at, a.accepted_by_id = q.accepted_at, asker.id
            for voter in rng.sample(members, rng.randint(0, 4)):
                if voter.id != author.id:
                    db.session.add(
                        Vote(user_id=voter.id, post_type="answer", post_id=a.id, value=1)
                    )
                    a.score += 1
                    created["votes"] += 1
        for voter in rng.sample(members, rng.randint(0, 3)):
            if voter.id != asker.id:
                db.session.add(Vote(user_id=voter.id, post_type="question", post_id=q.id, value=1))
                q.score += 1
                created["votes"] += 1
        if i % 4 == 0:
            commenter = rng.choice([m for m in members if m.id != asker.id])
            text = rng.choice(
                [
                    "Which firmware version are you on?",
                    "I have the same problem.",
                    "Thanks, this helped me too.",
                    "Did a restart change anything?",
                ]
            )
            db.session.add(
                Comment(
                    question_id=q.id,
                    author_id=commenter.id,
                    body=text,
                    body_html=render_plain(text),
                    created_at=asked_at + timedelta(hours=1),
                )
            )
            q.comment_count += 1
            created["comments"] += 1
    db.session.flush()
    created["videos"] = _seed_videos(users, tags)
    db.session.flush()
    created["ask sessions"] = _seed_deflection(rng, now)
    db.session.flush()
    return created
