using Microsoft.EntityFrameworkCore;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>The Attendance feature's tables.</summary>
internal static class AttendanceModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Meeting>(e =>
        {
            e.ToTable("meetings");
            e.HasIndex(m => new { m.ScopeId, m.StartsAt });
            // The automation's sweeps look for open meetings by end and deadline.
            e.HasIndex(m => new { m.ClosedAt, m.EndsAt });
            e.Property(m => m.Title).HasMaxLength(200);
            e.Property(m => m.Place).HasMaxLength(500);
            e.Property(m => m.ConversationId).HasMaxLength(300);
            e.Property(m => m.CardActivityId).HasMaxLength(200);
            e.Property(m => m.Locale).HasMaxLength(16);
            e.Property(m => m.TimeZone).HasMaxLength(64);
            e.Property(m => m.CancelReason).HasMaxLength(500);
            e.Property(m => m.CalendarToken).HasMaxLength(64);
            e.HasIndex(m => m.CalendarToken).IsUnique();
            e.Ignore(m => m.IsOpen);
        });
        modelBuilder.Entity<MeetingAttendee>(e =>
        {
            e.ToTable("meeting_attendees");
            e.HasKey(a => new { a.MeetingId, a.UserId });
            e.HasIndex(a => a.UserId);
            e.Property(a => a.LeaveReason).HasMaxLength(500);
            e.Property(a => a.MakeUpNote).HasMaxLength(500);
            e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MeetingRecord>(e =>
        {
            e.ToTable("meeting_records");
            e.HasKey(r => r.MeetingId);
            e.Property(r => r.Topics).HasMaxLength(MeetingRecordForm.MaxTopics);
            e.Property(r => r.Minutes).HasMaxLength(MeetingRecordForm.MaxMinutes);
            e.Property(r => r.Decisions).HasMaxLength(MeetingRecordForm.MaxDecisions);
            e.Ignore(r => r.TopicList);
            e.HasOne<Meeting>().WithOne().HasForeignKey<MeetingRecord>(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MeetingAttachment>(e =>
        {
            e.ToTable("meeting_attachments");
            e.HasIndex(a => new { a.MeetingId, a.Sha256 });
            e.HasIndex(a => new { a.UploadedByUserId, a.UploadedAt });
            e.Property(a => a.FileName).HasMaxLength(120);
            e.Property(a => a.ContentType).HasMaxLength(100);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AttachmentPrompt>(e =>
        {
            e.ToTable("meeting_attachment_prompts");
            e.HasKey(p => p.UserId);
            e.HasOne<Meeting>().WithMany().HasForeignKey(p => p.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<BranchMember>(e =>
        {
            e.ToTable("branch_members");
            e.HasKey(m => new { m.ScopeId, m.UserId });
        });
        modelBuilder.Entity<AttendanceAuditEntry>(e =>
        {
            e.ToTable("attendance_audit");
            e.HasIndex(a => new { a.MeetingId, a.UserId });
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.Reason).HasMaxLength(500);
            e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
